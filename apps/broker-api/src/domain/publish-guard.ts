import {
  findDeviceClockViolation,
  readJsonWithinLimits,
  type DeviceTopic,
  type PayloadLimitViolation,
} from '@homeport/contracts';
import type { MqttIdentity } from './mqtt-identity';
import type { RateLimiter } from './rate-limiter';
import type { RefusalReason } from './refusal';
import { authorizePublishTopic } from './topic-access';

/** The outcome of a publish check: the parsed topic, the payload's text and its JSON body when allowed. */
export type PublishCheck =
  | {
      readonly allowed: true;
      readonly topic: DeviceTopic;
      /** The payload as UTF-8 text, as parsed into `body`. */
      readonly json: string;
      readonly body: unknown;
    }
  | {
      readonly allowed: false;
      readonly reason: RefusalReason;
      /** The limit a payload is beyond (reason `payload_limit_exceeded`), with its code and path. */
      readonly limit?: PayloadLimitViolation;
    };

/** Settings of `createPublishGuard`. */
export interface PublishGuardOptions {
  readonly maxPayloadBytes: number;
  readonly rateLimiter: RateLimiter;
  /** The clock a payload's `ts` is compared with; default Date.now. */
  readonly now?: () => number;
}

/**
 * Checks what a client publishes, cheapest first: the topic (own device-to-cloud topics only), the payload
 * size, the device's rate limit, then that the payload is JSON within the payload limits of contracts
 * (nesting scanned on the raw bytes before parsing; `seq`, `ts` window). Schemas are checked downstream
 * (fan-out, state-workers dead-letter what does not match), except for the messages the broker consumes
 * itself.
 */
export function createPublishGuard(settings: PublishGuardOptions) {
  const now = settings.now ?? Date.now;
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
      const json = payload.toString('utf8');
      const parsed = readJsonWithinLimits(json);
      if (!parsed.ok) {
        return parsed.kind === 'not_json'
          ? { allowed: false, reason: 'payload_format_invalid' }
          : { allowed: false, reason: 'payload_limit_exceeded', limit: parsed.violation };
      }
      const clock = findDeviceClockViolation(parsed.value, now());
      if (clock !== undefined) return { allowed: false, reason: 'payload_limit_exceeded', limit: clock };
      return { allowed: true, topic: access.topic, json, body: parsed.value };
    },
  };
}

/** The publish guard. */
export type PublishGuard = ReturnType<typeof createPublishGuard>;
