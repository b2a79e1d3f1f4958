import type { Logger } from '@homeport/observability';
import type { RefusalReason } from '../../domain/refusal';
import { createBoundedLog } from './bounded-log';
import type { MqttMetrics } from './mqtt-metrics';
import { refusalCodes } from './refusal-codes';

/** Counts one refusal and maybe logs it. */
export type RefusalLog = (action: string, reason: RefusalReason, context: Record<string, unknown>) => void;

/**
 * Every refusal is counted in `mqtt_refusals_total{action,reason}`; its log line (`mqtt <action> refused`)
 * is rate limited per action and reason (bounded-log.ts).
 */
export function createRefusalLog(deps: {
  readonly logger: Logger;
  readonly metrics: MqttMetrics;
  readonly now?: () => number;
}): RefusalLog {
  const log = createBoundedLog(deps.logger, deps.now);
  return (action, reason, context) => {
    deps.metrics.refusals.inc({ action, reason });
    const reasonCode = refusalCodes[reason].mqtt5;
    log(`${action} ${reason}`, { action, reason, reasonCode, ...context }, `mqtt ${action} refused`);
  };
}
