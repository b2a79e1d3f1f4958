import type { DeviceTopic } from '@homeport/contracts';
import type { MqttIdentity } from './mqtt-identity';
import type { RateLimiter } from './rate-limiter';
import type { RefusalReason } from './refusal';
import { authorizePublishTopic } from './topic-access';

/** The outcome of a publish check: the parsed topic and JSON body when allowed. */
export type PublishCheck =
  | { readonly allowed: true; readonly topic: DeviceTopic; readonly body: unknown }
  | { readonly allowed: false; readonly reason: RefusalReason };

/** Settings of `createPublishGuard`. */
export interface PublishGuardOptions {
  readonly maxPayloadBytes: number;
  readonly rateLimiter: RateLimiter;
}

function parseJson(payload: Buffer): { ok: true; body: unknown } | { ok: false } {
  try {
    return { ok: true, body: JSON.parse(payload.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Checks what a client publishes, cheapest first: the topic (own device-to-cloud topics only), the payload
 * size, the device's rate limit, then that the payload is JSON. Schemas are checked downstream (fan-out,
 * state-workers dead-letter what does not match), except for the messages the broker consumes itself.
 */
export function createPublishGuard(settings: PublishGuardOptions) {
  return {
    /** Checks a publish; a will (checked at CONNECT) is not rate limited. */
    check(
      identity: MqttIdentity,
      topicName: string,
      payload: Buffer,
      options = { isWill: false },
    ): PublishCheck {
      const access = authorizePublishTopic(identity, topicName);
      if (!access.allowed) return access;
      if (payload.length > settings.maxPayloadBytes) return { allowed: false, reason: 'packet_too_large' };
      const key = identity.kind === 'device' ? identity.deviceId : identity.name;
      if (!options.isWill && !settings.rateLimiter.take(key))
        return { allowed: false, reason: 'quota_exceeded' };
      const parsed = parseJson(payload);
      if (!parsed.ok) return { allowed: false, reason: 'payload_format_invalid' };
      return { allowed: true, topic: access.topic, body: parsed.body };
    },
  };
}

/** The publish guard. */
export type PublishGuard = ReturnType<typeof createPublishGuard>;
