/**
 * Why the broker refused a device or service: CONNECT, PUBLISH or SUBSCRIBE. Transport-neutral; the MQTT
 * entry point maps each reason to its return/reason code in one place (`refusal-codes.ts`).
 */
export const refusalReasons = [
  'bad_credentials',
  'client_id_mismatch',
  'not_authorized',
  'server_unavailable',
  'connect_rate_exceeded',
  'packet_too_large',
  'quota_exceeded',
  'payload_format_invalid',
  'payload_limit_exceeded',
  'shared_subscription_unsupported',
] as const;

/** One of `refusalReasons`. */
export type RefusalReason = (typeof refusalReasons)[number];

/** A yes, or a no with its reason. */
export type Decision =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: RefusalReason };

/** The allowing decision. */
export const allowed: Decision = { allowed: true };

/** A refusing decision. */
export function refused(reason: RefusalReason): Decision {
  return { allowed: false, reason };
}
