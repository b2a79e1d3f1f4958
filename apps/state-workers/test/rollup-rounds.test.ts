import { createRedisClient, type RedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls } from '@homeport/testing';
import { createRedisRollupRounds } from '../src/adapters/redis-rollup-rounds';
import { createRedisWrittenTimes } from '../src/adapters/redis-written-times';
import { createWrittenTimes } from '../src/domain/recent-rollups';
import { createRollupRounds } from '../src/domain/rollup-rounds';
import { describeRollupRoundsContract, type RollupReplica } from './rollup-rounds.contract';

const hour = 60 * 60_000;

describeRollupRoundsContract('the rollup rounds on Redis, one client per replica', () => {
  const prefix = createTestRedisPrefix('sw_rounds');
  const clients = new Map<RollupReplica, RedisClient>();
  return Promise.resolve({
    openReplica(leaseMs: number) {
      const client = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
      const replica = {
        rounds: createRedisRollupRounds(client, leaseMs),
        written: createRedisWrittenTimes(client, hour),
      };
      clients.set(replica, client);
      return replica;
    },
    kill(replica: RollupReplica) {
      clients.get(replica)?.disconnect();
      return Promise.resolve();
    },
    async close() {
      for (const client of clients.values()) client.disconnect();
      await prefix.deleteKeys();
    },
  });
});

describeRollupRoundsContract("the rollup rounds in memory, the embedded mode's one process", () => {
  const written = createWrittenTimes(hour);
  let rounds: ReturnType<typeof createRollupRounds> | undefined;
  return Promise.resolve({
    // One process: every "replica" is the same state (the first lease asked for is the process's).
    openReplica: (leaseMs: number) => ({ rounds: (rounds ??= createRollupRounds(leaseMs)), written }),
    kill: () => Promise.resolve(),
    close: () => Promise.resolve(),
  });
});
