import { inspect } from 'node:util';
import { isValidId, maxDevicePayloadBytes } from '@homeport/contracts';
import { isAppError } from '@homeport/errors';
import { deriveDeviceMessageId, readDeviceSequence } from '@homeport/messaging';
import type {
  DeviceEnvelope,
  DeviceMessagePublisher,
  DeviceMessageSource,
  ForwardedKind,
  IncomingDeviceMessage,
} from './device-message';
import { readDevicePayload } from './device-payload';
import type { DeviceRegistry } from './device-registry';
import {
  refusalCodes,
  type RefusalCode,
  type RefusalReason,
  type RefusedMessageStore,
} from './refused-message';
import type { TopicMapping } from './topic-mapping';

export type { RefusalReason } from './refused-message';

/** Why a message was passed over without being a fault. */
export type SkipReason = 'retained_replay' | 'unmapped_topic' | 'other_partition' | 'no_reported_state';

/** What became of one message; every outcome lets the MQTT message be acknowledged. */
export type ForwardOutcome =
  | { readonly status: 'forwarded'; readonly kind: ForwardedKind; readonly messageId: string }
  | {
      readonly status: 'refused';
      readonly reason: RefusalReason;
      readonly code: RefusalCode;
      readonly detail: string;
      /** The unexpected error behind a `forwarding_failed` refusal, for its stack in the log. */
      readonly error?: unknown;
    }
  | { readonly status: 'skipped'; readonly reason: SkipReason };

/**
 * Forwards one message; rejects (AppError `unavailable`) only when it should be retried. Any other
 * AppError is the service's own trouble (e.g. its registry credential refused) and rejects too.
 */
export type ForwardDeviceMessage = (message: IncomingDeviceMessage) => Promise<ForwardOutcome>;

/** What the forwarder needs. */
export interface DeviceMessageForwarderDeps {
  readonly mapping: TopicMapping;
  readonly publisher: DeviceMessagePublisher;
  /** Where refused messages are kept (the ingest queue's dead letters). */
  readonly refusals: RefusedMessageStore;
  /** When given, only registered devices of the topic's vendor are forwarded; default: every valid id. */
  readonly registry?: DeviceRegistry;
  /** False for devices another partition forwards; default: every device is ours. */
  readonly isOwnDevice?: (vendorId: string, deviceId: string) => boolean;
}

/** A message found unforwardable before publishing, with what its dead letter needs. */
interface Refusal {
  readonly status: 'refused';
  readonly reason: RefusalReason;
  readonly code: RefusalCode;
  readonly detail: string;
  readonly source: DeviceMessageSource;
  readonly seq?: number | undefined;
}

type Checked =
  | Refusal
  | Extract<ForwardOutcome, { status: 'skipped' }>
  | { readonly status: 'ready'; readonly source: DeviceMessageSource; readonly envelope: DeviceEnvelope };

/**
 * The use case: map the topic to a device and channel, check the device and read the payload, wrap it in
 * the contract envelope with a stable message id and publish it. A message that can never be forwarded is
 * refused: kept with its reason (dead-lettered), then acknowledged by the caller, so it does not block the
 * messages behind it. So is one whose forwarding fails with an unexpected error (not an AppError: a bug,
 * e.g. a RangeError on a payload nested thousands deep): the bug is confined to that message instead of
 * ending the process, whose replacement would get the same message again. Storing the refusal can fail
 * transiently like a publish: the caller retries.
 */
export function createDeviceMessageForwarder(deps: DeviceMessageForwarderDeps): ForwardDeviceMessage {
  const forward = createCheckedForwarder(deps);
  return async (message) => {
    try {
      return await forward(message);
    } catch (error) {
      if (isAppError(error)) throw error;
      return refuseAfterBug(deps, message, error);
    }
  };
}

/** The message as it was when forwarding it failed unexpectedly, kept with the error's message. */
async function refuseAfterBug(
  deps: DeviceMessageForwarderDeps,
  message: IncomingDeviceMessage,
  error: unknown,
): Promise<ForwardOutcome> {
  const source = deps.mapping.map(message.topic);
  if (source === undefined) throw error;
  const detail = `forwarding failed unexpectedly: ${error instanceof Error ? error.message : inspect(error)}`;
  const outcome = await refuse(deps, message, {
    status: 'refused',
    reason: 'forwarding_failed',
    code: refusalCodes.forwarding_failed,
    detail,
    source,
  });
  return { ...outcome, error };
}

function createCheckedForwarder(deps: DeviceMessageForwarderDeps): ForwardDeviceMessage {
  return async (message) => {
    const checked = await checkMessage(deps, message);
    if (checked.status === 'skipped') return checked;
    if (checked.status === 'refused') return refuse(deps, message, checked);
    const { source, envelope } = checked;
    try {
      await deps.publisher.publish(source.kind, envelope);
    } catch (error) {
      if (!isAppError(error) || error.kind !== 'invalid') throw error;
      const seq = readDeviceSequence(envelope.payload);
      const refusal: Refusal = {
        status: 'refused',
        reason: 'contract_violation',
        code: refusalCodes.contract_violation,
        detail: error.message,
        source,
        seq,
      };
      return refuse(deps, message, refusal);
    }
    return { status: 'forwarded', kind: source.kind, messageId: envelope.messageId };
  };
}

/** Every check before publishing, cheapest first; the contract schema is checked by the publisher. */
async function checkMessage(
  deps: DeviceMessageForwarderDeps,
  message: IncomingDeviceMessage,
): Promise<Checked> {
  if (message.retained) return { status: 'skipped', reason: 'retained_replay' };
  const source = deps.mapping.map(message.topic);
  if (source === undefined) return { status: 'skipped', reason: 'unmapped_topic' };
  const { vendorId, deviceId } = source;
  // Before the id check: in partitioned mode every session sees the message, and one refusal is enough.
  if (deps.isOwnDevice !== undefined && !deps.isOwnDevice(vendorId, deviceId)) {
    return { status: 'skipped', reason: 'other_partition' };
  }
  const refused = (
    reason: Exclude<RefusalReason, 'beyond_limits'>,
    detail: string,
    seq?: number,
  ): Refusal => ({ status: 'refused', reason, code: refusalCodes[reason], detail, source, seq });
  if (!isValidId(vendorId) || !isValidId(deviceId)) {
    return refused('invalid_device_id', `not usable as Homeport ids: ${vendorId}/${deviceId}`);
  }
  const size = message.payload.byteLength;
  if (size > maxDevicePayloadBytes) {
    return refused('too_large', `${size} bytes exceed the limit of ${maxDevicePayloadBytes} bytes`);
  }
  const reading = readDevicePayload(source.payloadFormat, message.payload, message.receivedAt);
  if (!reading.ok) {
    switch (reading.reason) {
      case 'not_json':
        return refused('not_json', 'the payload is not UTF-8 JSON');
      case 'beyond_limits': {
        const { code, message: detail } = reading.violation;
        return { status: 'refused', reason: 'beyond_limits', code, detail, source };
      }
      case 'no_reported_state':
        return { status: 'skipped', reason: reading.reason };
    }
  }
  const seq = readDeviceSequence(reading.payload);
  const unknown = await findUnknownDevice(deps.registry, source);
  if (unknown !== undefined) return refused('unknown_device', unknown, seq);
  const messageId = deriveDeviceMessageId(source, message, seq);
  const envelope = {
    messageId,
    vendorId,
    deviceId,
    receivedAt: message.receivedAt,
    payload: reading.payload,
  };
  return { status: 'ready', source, envelope };
}

/** Why the registry does not know the device under the topic's vendor; undefined when it does. */
async function findUnknownDevice(
  registry: DeviceRegistry | undefined,
  { vendorId, deviceId }: DeviceMessageSource,
): Promise<string | undefined> {
  if (registry === undefined) return undefined;
  const device = await registry.findDevice(deviceId);
  if (device === undefined) return `device ${deviceId} is not registered`;
  if (device.vendorId !== vendorId)
    return `device ${deviceId} is registered under another vendor than ${vendorId}`;
  return undefined;
}

/** Keeps the refused message with its reason (a payload over the limit cut to the limit), then reports it. */
async function refuse(
  deps: DeviceMessageForwarderDeps,
  message: IncomingDeviceMessage,
  refusal: Refusal,
): Promise<Extract<ForwardOutcome, { status: 'refused' }>> {
  const { reason, code, source } = refusal;
  const truncated = message.payload.byteLength > maxDevicePayloadBytes;
  const detail = truncated
    ? `${refusal.detail}; the dead letter keeps the first ${maxDevicePayloadBytes} bytes`
    : refusal.detail;
  await deps.refusals.keep({
    topic: message.topic,
    kind: source.kind,
    messageId: deriveDeviceMessageId(source, message, refusal.seq),
    payload: truncated ? message.payload.subarray(0, maxDevicePayloadBytes) : message.payload,
    code,
    reason: detail,
  });
  return { status: 'refused', reason, code, detail };
}
