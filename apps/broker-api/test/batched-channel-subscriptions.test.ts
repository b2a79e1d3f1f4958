import { createRedisClient, type RedisClient } from '@homeport/storage';
import { createUniqueName, readTestServerUrls, waitFor } from '@homeport/testing';
import { batchChannelSubscriptions } from '../src/adapters/batched-channel-subscriptions';

describe("a subscriber connection's channel changes sent per event-loop turn (mqemitter-redis' connection)", () => {
  const url = readTestServerUrls().redisUrl;
  const prefix = `${createUniqueName('channel_batches')}:`;
  let connection: RedisClient;
  let subscriber: RedisClient;
  let publisher: RedisClient;
  const received: string[] = [];

  beforeEach(() => {
    connection = createRedisClient({ url, keyPrefix: '' });
    subscriber = batchChannelSubscriptions(connection);
    subscriber.on('message', (channel: string) => received.push(channel));
    subscriber.on('pmessage', (_pattern: string, channel: string) => received.push(channel));
    publisher = createRedisClient({ url, keyPrefix: '' });
    received.length = 0;
  });
  afterEach(() => {
    connection.disconnect();
    publisher.disconnect();
  });

  const subscribedCounts = async (...channels: string[]) =>
    (await publisher.pubsub('NUMSUB', ...channels)).filter((_entry, index) => index % 2 === 1);
  const asked = (subscribe: (done: (error?: Error | null) => void) => void) =>
    new Promise<void>((resolve, reject) => {
      subscribe((error) => {
        if (error === null || error === undefined) resolve();
        else reject(error);
      });
    });

  it('channels unsubscribed and subscribed again in one turn end as the last request says, each callback called', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => `${prefix}${name}`) as [string, string, string];
    await subscriber.subscribe(a, b);
    const done = [
      asked((callback) => void subscriber.subscribe(c, callback)),
      asked((callback) => void subscriber.unsubscribe(a, callback)),
      asked((callback) => void subscriber.unsubscribe(b, callback)),
      asked((callback) => void subscriber.subscribe(a, callback)), // a device reconnecting
    ];
    await Promise.all(done);
    expect(await subscribedCounts(a, b, c)).toEqual([1, 0, 1]);

    for (const channel of [a, b, c]) await publisher.publish(channel, 'x');
    await waitFor(() => received.length === 2, 'the messages of a and c');
    expect(received.sort()).toEqual([a, c]);
  });

  it('patterns and several channels at once are subscribed and unsubscribed too', async () => {
    const pattern = `${prefix}p/*`;
    const channels = [`${prefix}x`, `${prefix}y`];
    await Promise.all([subscriber.psubscribe(pattern), subscriber.subscribe(...channels)]);
    expect(await subscribedCounts(...channels)).toEqual([1, 1]);
    await publisher.publish(`${prefix}p/1`, 'x');
    await waitFor(() => received.includes(`${prefix}p/1`), 'the message matching the pattern');

    const sentinel = `${prefix}sentinel`;
    await Promise.all([
      subscriber.punsubscribe(pattern),
      subscriber.unsubscribe(...channels),
      subscriber.subscribe(sentinel),
    ]);
    expect(await subscribedCounts(...channels)).toEqual([0, 0]);
    await publisher.publish(`${prefix}p/2`, 'x');
    await publisher.publish(sentinel, 'x'); // after p/2 on the same connection: p/2 would be in by then
    await waitFor(() => received.includes(sentinel), 'the sentinel message');
    expect(received).not.toContain(`${prefix}p/2`);
  });
});
