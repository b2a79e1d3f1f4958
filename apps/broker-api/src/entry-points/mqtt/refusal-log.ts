import type { Logger } from '@homeport/observability';
import { createRateLimiter } from '../../domain/rate-limiter';
import type { RefusalReason } from '../../domain/refusal';
import type { MqttMetrics } from './mqtt-metrics';
import { refusalCodes } from './refusal-codes';

/** Counts one refusal and maybe logs it. */
export type RefusalLog = (action: string, reason: RefusalReason, context: Record<string, unknown>) => void;

// Per action and reason: a burst of lines, then one a second. Plenty to see what happens, not a line per
// attempt of a storm (the counter has every one).
const linesPerSecond = 1;
const lineBurst = 10;

/**
 * Every refusal is counted in `mqtt_refusals_total{action,reason}`; its log line (`mqtt <action> refused`)
 * is rate limited per action and reason, and the next line written says how many were left out.
 */
export function createRefusalLog(deps: {
  readonly logger: Logger;
  readonly metrics: MqttMetrics;
  readonly now?: () => number;
}): RefusalLog {
  const lines = createRateLimiter({
    ratePerSecond: linesPerSecond,
    burst: lineBurst,
    maxKeys: 1_000,
    now: deps.now,
  });
  const leftOut = new Map<string, number>();
  return (action, reason, context) => {
    deps.metrics.refusals.inc({ action, reason });
    const key = `${action} ${reason}`;
    if (!lines.take(key)) {
      leftOut.set(key, (leftOut.get(key) ?? 0) + 1);
      return;
    }
    const notLogged = leftOut.get(key);
    leftOut.delete(key);
    const reasonCode = refusalCodes[reason].mqtt5;
    const line = {
      action,
      reason,
      reasonCode,
      ...context,
      ...(notLogged === undefined ? {} : { notLogged }),
    };
    deps.logger.info(line, `mqtt ${action} refused`);
  };
}
