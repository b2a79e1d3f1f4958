import { createRedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls, type TestRedisPrefix } from '@homeport/testing';
import { createRedisPartitionLeases } from '../src/adapters/redis-partition-leases';
import type { PartitionLeases } from '../src/domain/partition-leases';
import { sleep } from '@homeport/testing';

describe('partition leases in Redis', () => {
  let prefix: TestRedisPrefix;
  let redis: ReturnType<typeof createRedisClient>;
  let leases: PartitionLeases;

  beforeAll(() => {
    prefix = createTestRedisPrefix('fan_out_leases');
    redis = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
    leases = createRedisPartitionLeases(redis, 'group');
  });
  afterAll(async () => {
    await prefix.deleteKeys();
    await redis.quit();
  });

  it('a lease is exclusive, and only its holder renews or releases it', async () => {
    expect(await leases.acquire(0, 'a', 5000)).toBe(true);
    expect(await leases.acquire(0, 'b', 5000)).toBe(false);
    expect(await leases.renew(0, 'b', 5000)).toBe(false);
    await leases.release(0, 'b');
    expect(await leases.renew(0, 'a', 5000)).toBe(true);
    expect(await redis.get('group:partition:0')).toBe('a');
    await leases.release(0, 'a');
    expect(await leases.acquire(0, 'b', 5000)).toBe(true);
  });

  it('an expired lease is free for another owner and can no longer be renewed by the old one', async () => {
    expect(await leases.acquire(1, 'a', 100)).toBe(true);
    await sleep(150);
    expect(await leases.renew(1, 'a', 100)).toBe(false);
    expect(await leases.acquire(1, 'b', 5000)).toBe(true);
  });

  it('the heartbeat counts the live replicas and forgets those that stopped beating', async () => {
    expect(await leases.heartbeat('a', 150)).toBe(1);
    expect(await leases.heartbeat('b', 5000)).toBe(2);
    await sleep(200);
    expect(await leases.heartbeat('b', 5000)).toBe(1);
    await leases.leave('b');
    expect(await leases.heartbeat('c', 5000)).toBe(1);
  });
});
