import { AppError } from '@homeport/errors';
import { createMetricsRegistry, type Registry } from '@homeport/observability';
import { sumMetric } from '@homeport/testing';
import type { FastifyBaseLogger } from 'fastify';
import { createDeferredWork } from './deferred-work';

function createLogLines() {
  const lines: { level: string; msg: string; code?: string }[] = [];
  const write = (level: string) => (fields: { err?: { code?: string } }, msg: string) => {
    lines.push({ level, msg, code: fields.err?.code });
  };
  return { lines, log: { warn: write('warn'), error: write('error') } as unknown as FastifyBaseLogger };
}

const readPending = async (metrics: Registry) =>
  sumMetric(
    await metrics.getSingleMetricAsString('public_api_deferred_work_pending'),
    'public_api_deferred_work_pending',
  );

describe('deferred work', () => {
  it('beyond maxPending running, a request is refused 503 SERVER_BUSY; settle waits for what runs', async () => {
    const metrics = createMetricsRegistry({ service: 'public-api', collectDefaults: false });
    const deferred = createDeferredWork({ maxPending: 1, metrics });
    const { log } = createLogLines();
    let finish: () => void = () => undefined;
    let finished = false;
    deferred.run(log, 'first', () =>
      new Promise<void>((resolve) => (finish = resolve)).then(() => void (finished = true)),
    );
    expect(await readPending(metrics)).toBe(1);
    expect(() => {
      deferred.run(log, 'second', () => Promise.resolve());
    }).toThrow(expect.objectContaining({ kind: 'unavailable', code: 'SERVER_BUSY' }) as Error);

    const settled = deferred.settle();
    finish();
    await settled;
    expect(finished).toBe(true);
  });

  it('a failure is logged with its error, a warning when a dependency was away', async () => {
    const metrics = createMetricsRegistry({ service: 'public-api', collectDefaults: false });
    const deferred = createDeferredWork({ maxPending: 10, metrics });
    const { lines, log } = createLogLines();
    deferred.run(log, 'reset', () => Promise.reject(new AppError('unavailable', 'BUS_UNAVAILABLE', 'away')));
    deferred.run(log, 'reset', () => Promise.reject(new Error('bug')));
    await deferred.settle();
    expect(lines).toEqual([
      { level: 'warn', msg: 'reset failed', code: 'BUS_UNAVAILABLE' },
      { level: 'error', msg: 'reset failed', code: undefined },
    ]);
    expect(await readPending(metrics)).toBe(0);
  });
});
