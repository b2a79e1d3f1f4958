import { createTestRedisPrefix, readTestServerUrls, waitFor } from '@homeport/testing';
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

  it('a subscriber connection keeps a pattern subscribed as it connects, and a PUNSUBSCRIBE then PSUBSCRIBE of it in one turn leaves it subscribed', async () => {
    const channel = `${first.keyPrefix}events:`;
    const subscriber = createRedisClient({ url: redisUrl, keyPrefix: '', subscriberOnly: true });
    const received: string[] = [];
    subscriber.on('pmessage', (_pattern: string, _channel: string, message: string) => {
      received.push(message);
    });
    try {
      // At 'connect' the handshake is under way: a default client would send its ready check's INFO after it.
      await new Promise<void>((resolve, reject) => {
        subscriber.once('connect', () => {
          subscriber.psubscribe(`${channel}*`).then(() => {
            resolve();
          }, reject);
        });
      });
      await firstClient.publish(`${channel}one`, 'first');
      await Promise.all([subscriber.punsubscribe(`${channel}*`), subscriber.psubscribe(`${channel}*`)]);
      await firstClient.publish(`${channel}two`, 'second');
      await waitFor(() => Promise.resolve(received.length === 2), 'both messages', { timeoutMs: 2_000 });

      expect(received).toEqual(['first', 'second']);
    } finally {
      subscriber.disconnect();
    }
  });
});
