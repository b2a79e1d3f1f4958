import { createRedisClient, type RedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls } from '@homeport/testing';
import { removeQueuedPacketsAtFirstMatch } from '../src/adapters/first-match-queue-removal';

describe('removing acknowledged packets from a session queue (aedes-persistence-redis client)', () => {
  const prefix = createTestRedisPrefix('queue_removal');
  let redis: RedisClient;

  beforeAll(() => {
    redis = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
    removeQueuedPacketsAtFirstMatch(redis);
  });
  afterAll(async () => {
    await prefix.deleteKeys();
    redis.disconnect();
  });

  it('an acknowledged packet leaves its session queue once, wherever it is, and the rest keep their order', async () => {
    const queue = 'outgoing:service%3Afan-out';
    await redis.rpush(queue, 'packet:b:1', 'packet:b:2', 'packet:b:3', 'packet:b:2');
    expect(await redis.lrem(queue, 0, 'packet:b:2')).toBe(1);
    expect(await redis.lrange(queue, 0, -1)).toEqual(['packet:b:1', 'packet:b:3', 'packet:b:2']);
    expect(await redis.lrem(queue, 0, 'packet:b:1')).toBe(1);
    expect(await redis.lrange(queue, 0, -1)).toEqual(['packet:b:3', 'packet:b:2']);
  });

  it('other lists (the wills) still lose every copy, and an explicit count is kept', async () => {
    await redis.rpush('will', 'w1', 'w2', 'w1', 'w1');
    expect(await redis.lrem('will', 0, 'w1')).toBe(3);
    await redis.rpush('outgoing:device', 'p', 'p', 'p');
    expect(await redis.lrem('outgoing:device', 2, 'p')).toBe(2);
    expect(await redis.lrange('outgoing:device', 0, -1)).toEqual(['p']);
  });
});
