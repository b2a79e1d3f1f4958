import type { DeviceIngestKind } from '@homeport/contracts';
import { isAppError } from '@homeport/errors';
import { deriveDeviceMessageId, readDeviceSequence, type RefusedDeviceMessage } from '@homeport/messaging';

/** A device message the broker accepted (authorized, within the payload limits) for the ingest queue. */
export interface AcceptedDeviceMessage {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly kind: DeviceIngestKind;
  readonly topic: string;
  readonly payload: Buffer;
  /** The payload as UTF-8 text (what was parsed into `body`). */
  readonly json: string;
  /** The payload, parsed. */
  readonly body: unknown;
  /** Epoch milliseconds at receipt. */
  readonly receivedAt: number;
}

/** The contract envelope (device.reported / telemetry / event v1) around a device payload. */
export interface IngestEnvelope {
  readonly messageId: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly receivedAt: number;
  readonly payload: unknown;
}

/**
 * Port: the ingest work queue. `publish` resolves once the broker confirmed the message; it rejects with
 * AppError `invalid` when the contract refuses the envelope and `unavailable` when the broker is away.
 * `payloadJson` is the envelope's payload as the device sent it (JSON text of `envelope.payload`), sent as
 * is rather than serialized again. `deadLetter` keeps a refused message in the queue's dead letters,
 * confirmed likewise.
 */
export interface IngestQueue {
  publish(kind: DeviceIngestKind, envelope: IngestEnvelope, payloadJson: string): Promise<void>;
  deadLetter(message: RefusedDeviceMessage): Promise<void>;
}

/** Puts one accepted device message on the ingest queue; resolves once it is safe there. */
export type DeviceIngest = (message: AcceptedDeviceMessage) => Promise<void>;

/** The code a message that does not match its contract schema is dead-lettered with (as fan-out does). */
export const contractViolationCode = 'PAYLOAD_INVALID';

/**
 * broker-api's direct ingest: the envelope fan-out would have made (same message id, so either path's copy
 * of a message is recognised as one), published with a confirm; the caller acknowledges the device only
 * after it resolves, so nothing acknowledged lives only in the broker's memory. A payload its contract
 * refuses is dead-lettered with the reason, then counts as handled: the device would only send it again.
 */
export function createDeviceIngest(deps: {
  readonly queue: IngestQueue;
  readonly onRefused: (message: RefusedDeviceMessage) => void;
}): DeviceIngest {
  return async (message) => {
    const { vendorId, deviceId, kind, topic, payload } = message;
    const messageId = deriveDeviceMessageId(message, message, readDeviceSequence(message.body));
    const envelope = { messageId, vendorId, deviceId, receivedAt: message.receivedAt, payload: message.body };
    try {
      await deps.queue.publish(kind, envelope, message.json);
    } catch (error) {
      if (!isAppError(error) || error.kind !== 'invalid') throw error;
      const refused = { kind, topic, messageId, payload, code: contractViolationCode, reason: error.message };
      await deps.queue.deadLetter(refused);
      deps.onRefused(refused);
    }
  };
}
