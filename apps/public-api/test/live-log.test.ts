import { createRedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls } from '@homeport/testing';
import { createMemoryLiveLog } from '../src/adapters/memory-live-log';
import { createRedisLiveLog } from '../src/adapters/redis-live-log';
import { randomUUID } from 'node:crypto';
import { createReportWaits } from '../src/domain/assistant-confirmation';
import { logStart, type LiveLogAppend } from '../src/domain/live-events';
import { contractWindow, describeLiveLogContract, stateChange } from './support/live-log-contract';

describeLiveLogContract('the Redis Streams live log', () => {
  const prefix = createTestRedisPrefix('papi_live_log');
  const redis = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
  const log = createRedisLiveLog({ redis, maxEventsPerHome: contractWindow });
  return Promise.resolve({
    log,
    async close() {
      await prefix.deleteKeys();
      redis.disconnect();
    },
  });
});

describeLiveLogContract('the in-process live log', () =>
  Promise.resolve({
    log: createMemoryLiveLog({ maxEventsPerHome: contractWindow }),
    close: () => Promise.resolve(),
  }),
);

/** The `n`-th report of a device, of a temperature. */
function report(homeId: string, deviceId: string, n: number, temperature: number): LiveLogAppend {
  const append = stateChange(homeId, deviceId, n);
  if (append.event.type !== 'device.state-changed') return append;
  const data = { ...append.event.data, changed: { temperature }, state: { temperature } };
  return { ...append, event: { ...append.event, data } };
}

describe('confirmations awaited on one reader of the Redis live log', () => {
  const prefix = createTestRedisPrefix('papi_report_waits');
  const redis = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
  const log = createRedisLiveLog({ redis, maxEventsPerHome: contractWindow });
  let readers = 0;
  const waits = createReportWaits({
    ...log,
    openReader: () => {
      readers += 1;
      return log.openReader();
    },
  });
  afterAll(async () => {
    await waits.close();
    await prefix.deleteKeys();
    redis.disconnect();
  });

  it('twenty changes awaited at once in ten homes share one reader, and each gets its own device’s report', async () => {
    const homes = Array.from({ length: 10 }, () => randomUUID());
    const targets = homes.flatMap((homeId) =>
      ['a', 'b'].map((device) => ({ homeId, deviceId: `${homeId}/${device}`, patch: { temperature: 2 } })),
    );
    const bounds = await log.boundsOf(homes);
    const from = (homeId: string) => bounds.get(homeId)?.last ?? logStart;
    // A report from before the change holds the value too: it is not the confirmation.
    await log.append(report(homes[0]!, targets[0]!.deviceId, 1, 2));
    const fromFirst = (await log.boundsOf([homes[0]!])).get(homes[0]!)?.last ?? logStart;
    const awaited = targets.map((target, index) =>
      waits.waitFor({ ...target, from: index === 0 ? fromFirst : from(target.homeId) }, 5000),
    );
    // Each device first reports another value, then the one asked for.
    for (const target of targets) await log.append(report(target.homeId, target.deviceId, 2, 1));
    for (const target of [...targets].reverse())
      await log.append(report(target.homeId, target.deviceId, 3, 2));

    const reports = await Promise.all(awaited);
    expect(reports.map((report) => report?.state)).toEqual(targets.map(() => ({ temperature: 2 })));
    expect(readers).toBe(1);
    // A device that does not report: undefined once the wait is over.
    expect(
      await waits.waitFor({ ...targets[1]!, from: from(targets[1]!.homeId), patch: { temperature: 3 } }, 300),
    ).toBeUndefined();
    expect(readers).toBe(1);
  });
});
