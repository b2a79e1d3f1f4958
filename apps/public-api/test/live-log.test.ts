import { createRedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls } from '@homeport/testing';
import { createMemoryLiveLog } from '../src/adapters/memory-live-log';
import { createRedisLiveLog } from '../src/adapters/redis-live-log';
import { contractWindow, describeLiveLogContract } from './support/live-log-contract';

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
