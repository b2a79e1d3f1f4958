import { createLogger } from '@homeport/observability';
import type { PeriodicTask } from '@homeport/service-runtime';
import { createTimeSeriesMaintenance } from '../src/entry-points/time-series-maintenance';

/** The time-series maintenance of the rollup scenarios: no retention rule, applied hourly; a silent log. */
export function createTestMaintenance(
  deps: Pick<Parameters<typeof createTimeSeriesMaintenance>[0], 'rollups' | 'written' | 'rounds' | 'metrics'>,
): PeriodicTask {
  return createTimeSeriesMaintenance({
    ...deps,
    rules: {
      defaults: { rawDays: undefined, fiveMinuteDays: undefined, hourlyDays: undefined },
      vendors: {},
    },
    retentionIntervalMs: 60 * 60_000,
    logger: createLogger({ service: 'state-workers', level: 'silent' }),
  });
}
