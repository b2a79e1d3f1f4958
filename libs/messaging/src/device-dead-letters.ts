import { deviceIngestMessages, stateWorkersQueue, type DeviceIngestKind } from '@homeport/contracts';
import type { MessageBus } from './message-bus';

/** A device message refused before it became an ingest message, with why (see `deadLetterDeviceMessage`). */
export interface RefusedDeviceMessage {
  /** The channel it was headed for. */
  readonly kind: DeviceIngestKind;
  /** The MQTT topic it arrived on. */
  readonly topic: string;
  /** The id it would have had (`deriveDeviceMessageId`), so a redelivered copy is recognisable. */
  readonly messageId: string;
  /** The payload as received (the caller bounds its size). */
  readonly payload: Buffer;
  readonly code: string;
  readonly reason: string;
}

/**
 * Keeps a refused device message in the ingest queue's (contracts' stateWorkersQueue) dead letters, typed as
 * the contract message it would have been, with the MQTT topic in the `x-source-topic` header; resolves once
 * the broker confirmed. fan-out and broker-api's direct ingest refuse messages the same way.
 */
export function deadLetterDeviceMessage(bus: MessageBus, refused: RefusedDeviceMessage): Promise<void> {
  return bus.deadLetter(stateWorkersQueue, {
    body: refused.payload,
    type: deviceIngestMessages[refused.kind].type,
    messageId: refused.messageId,
    reason: refused.reason,
    errorCode: refused.code,
    headers: { 'x-source-topic': refused.topic },
  });
}
