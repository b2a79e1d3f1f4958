import { createTestRedisPrefix, readTestServerUrls } from '@homeport/testing';
import { checkRedis, createRedisClient } from '../src';

describe('Redis', () => {
  const { redisUrl } = readTestServerUrls();
  const first = createTestRedisPrefix('storage_redis_a');
  const second = createTestRedisPrefix('storage_redis_b');
  const firstClient = createRedisClient({ url: redisUrl, keyPrefix: first.keyPrefix });
  const secondClient = createRedisClient({ url: redisUrl, keyPrefix: second.keyPrefix });

  afterAll(async () => {
    await Promise.all([firstClient.quit(), secondClient.quit()]);
    await Promise.all([first.deleteKeys(), second.deleteKeys()]);
  });

  it('when two prefixes write the same key, each reads back only its own value', async () => {
    await firstClient.set('device:1', 'porch');
    await secondClient.set('device:1', 'garage');

    expect(await firstClient.get('device:1')).toBe('porch');
    expect(await secondClient.get('device:1')).toBe('garage');
  });

  it('when one prefix deletes its key, the other prefix still has its own', async () => {
    await firstClient.set('session', 'a');
    await secondClient.set('session', 'b');

    await firstClient.del('session');

    expect(await firstClient.get('session')).toBeNull();
    expect(await secondClient.get('session')).toBe('b');
  });

  it('when Redis answers, the readiness check resolves', async () => {
    await expect(checkRedis(firstClient)).resolves.toBeUndefined();
  });

  it('when Redis cannot be reached, a command fails as unavailable instead of hanging', async () => {
    const unreachable = createRedisClient({ url: 'redis://127.0.0.1:1', keyPrefix: first.keyPrefix });

    await expect(checkRedis(unreachable)).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'REDIS_UNAVAILABLE',
    });
    unreachable.disconnect();
  });
});
