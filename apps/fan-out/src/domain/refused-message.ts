import type { PayloadLimitCode } from '@homeport/contracts';
import type { ForwardedKind } from './device-message';

/**
 * Why a device message was refused: it can never be forwarded, however often it is retried
 * (`forwarding_failed`: an unexpected error, a bug, met while forwarding that one message).
 */
export type RefusalReason =
  | 'invalid_device_id'
  | 'too_large'
  | 'not_json'
  | 'beyond_limits'
  | 'contract_violation'
  | 'unknown_device'
  | 'forwarding_failed';

/**
 * The stable error code each refusal is dead-lettered with; a payload beyond the limits carries the code
 * of the limit (contracts' `payloadLimitCodes`, e.g. PAYLOAD_TOO_DEEP).
 */
export const refusalCodes = {
  invalid_device_id: 'DEVICE_ID_INVALID',
  too_large: 'PAYLOAD_TOO_LARGE',
  not_json: 'PAYLOAD_NOT_JSON',
  contract_violation: 'PAYLOAD_INVALID',
  unknown_device: 'DEVICE_UNKNOWN',
  forwarding_failed: 'FORWARDING_FAILED',
} as const satisfies Record<Exclude<RefusalReason, 'beyond_limits'>, string>;

/** One of the error codes a refusal is dead-lettered with. */
export type RefusalCode = (typeof refusalCodes)[keyof typeof refusalCodes] | PayloadLimitCode;

/** A refused device message, kept for an operator with why it was refused. */
export interface RefusedMessage {
  /** The MQTT topic it arrived on. */
  readonly topic: string;
  /** The channel it was headed for. */
  readonly kind: ForwardedKind;
  /** The id it would have had (see `deriveDeviceMessageId` of @homeport/messaging), so a redelivered copy is recognisable. */
  readonly messageId: string;
  /** The payload as received, cut to the device payload limit when it was larger. */
  readonly payload: Buffer;
  readonly code: RefusalCode;
  readonly reason: string;
}

/**
 * Port: keeps refused messages (the dead letters of the ingest work queue). Resolves once they are stored
 * (broker-confirmed); rejects with AppError `unavailable` when that is not possible now.
 */
export interface RefusedMessageStore {
  keep(message: RefusedMessage): Promise<void>;
}
