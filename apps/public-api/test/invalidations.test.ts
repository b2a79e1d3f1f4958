import { createRedisClient, type RedisClient } from '@homeport/storage';
import {
  createTcpRelay,
  createTestRedisPrefix,
  readTestServerUrls,
  waitFor,
  type TcpRelay,
} from '@homeport/testing';
import {
  createInProcessInvalidations,
  type InvalidationTopic,
  type Invalidations,
} from '../src/adapters/invalidations';
import { createRedisInvalidations, invalidationChannel } from '../src/adapters/redis-invalidations';

/** What reached a replica's handlers: `topic key` for each invalidation, `reset` for each reset. */
function listenTo(invalidations: Invalidations, topics: InvalidationTopic[] = ['session', 'home-scope']) {
  const heard: string[] = [];
  for (const topic of topics) {
    invalidations.subscribe(topic, {
      onStale: (key) => heard.push(`${topic} ${key}`),
      onReset: () => heard.push('reset'),
    });
  }
  return heard;
}

const redisUrl = readTestServerUrls().redisUrl;
const clients: RedisClient[] = [];
const replicas: Invalidations[] = [];
const prefixes = [createTestRedisPrefix('papi_invalidations'), createTestRedisPrefix('papi_invalidations')];

function startReplica(keyPrefix: string, url = redisUrl): Invalidations {
  const redis = createRedisClient({ url, keyPrefix, maxRetriesPerRequest: 1 });
  clients.push(redis);
  const replica = createRedisInvalidations({ redis, onError: () => undefined });
  replicas.push(replica);
  return replica;
}

afterAll(async () => {
  for (const replica of replicas) await replica.close();
  for (const client of clients) client.disconnect();
});

describe.each([
  ['in process', () => createInProcessInvalidations()],
  ['Redis', () => startReplica(prefixes[0]!.keyPrefix)],
])('invalidations (%s)', (_name, create) => {
  it('an invalidation reaches the caches of the replica that published it before publish resolves', async () => {
    const replica = create();
    const heard = listenTo(replica);
    await waitFor(() => replica.isListening(), 'the subscription');
    await replica.publish('session', 'session-1');
    expect(heard).toContain('session session-1');
    expect(heard).not.toContain('home-scope session-1');
  });
});

describe('invalidations over Redis', () => {
  it('an invalidation published by one replica reaches the other replicas of its key prefix, not those of another', async () => {
    const [publisher, peer, stranger] = [
      startReplica(prefixes[1]!.keyPrefix),
      startReplica(prefixes[1]!.keyPrefix),
      startReplica(prefixes[0]!.keyPrefix),
    ];
    const [heardByPeer, heardByStranger] = [listenTo(peer), listenTo(stranger)];
    await waitFor(
      () => [publisher, peer, stranger].every((replica) => replica.isListening()),
      'the subscriptions',
    );
    await publisher.publish('home-scope', 'user-1');
    await waitFor(() => heardByPeer.includes('home-scope user-1'), 'the peer to hear it');
    // The stranger's channel got nothing: a message of its own sent after shows it is listening.
    await stranger.publish('session', 'mark');
    expect(heardByStranger.filter((heard) => heard !== 'reset')).toEqual(['session mark']);
  });

  it('the invalidations a replica publishes in one turn reach the others in one message, a lone one as `<topic> <key>`', async () => {
    const keyPrefix = prefixes[1]!.keyPrefix;
    const [publisher, peer] = [startReplica(keyPrefix), startReplica(keyPrefix)];
    const heardByPeer = listenTo(peer);
    // What goes over the channel, as a replica of an earlier version would read it.
    const wire = createRedisClient({ url: redisUrl, keyPrefix });
    clients.push(wire);
    const messages: string[] = [];
    wire.on('message', (_channel: string, message: string) => messages.push(message));
    await wire.subscribe(invalidationChannel(wire));
    await waitFor(() => publisher.isListening() && peer.isListening(), 'the subscriptions');

    await Promise.all([
      publisher.publish('session', 'turn-a'),
      publisher.publish('home-scope', 'turn-b'),
      publisher.publish('session', 'turn-a'),
    ]);
    await waitFor(() => heardByPeer.includes('home-scope turn-b'), 'the peer to hear the turn');
    expect(heardByPeer.filter((heard) => heard !== 'reset')).toEqual(['session turn-a', 'home-scope turn-b']);
    expect(messages).toEqual(['batch\nsession turn-a\nhome-scope turn-b']);

    await publisher.publish('session', 'alone');
    await waitFor(() => messages.length === 2, 'the lone invalidation');
    expect(messages[1]).toBe('session alone');
  });

  describe('with the connection to Redis cut', () => {
    let relay: TcpRelay;
    beforeAll(async () => {
      const { hostname, port } = new URL(redisUrl);
      relay = await createTcpRelay({ host: hostname, port: Number(port || 6379) });
    });
    afterAll(async () => {
      await relay.close();
    });

    it('a replica stops listening and resets its caches when its subscription is lost, and listens again once back', async () => {
      const keyPrefix = prefixes[1]!.keyPrefix;
      const cut = startReplica(keyPrefix, `redis://127.0.0.1:${relay.port}`);
      const publisher = startReplica(keyPrefix);
      const heard = listenTo(cut);
      await waitFor(() => cut.isListening() && publisher.isListening(), 'the subscriptions');
      heard.length = 0;

      await relay.pause();
      await waitFor(() => !cut.isListening(), 'the cut replica to stop listening');
      // One reset for each topic the replica caches.
      expect(heard).toEqual(['reset', 'reset']);
      await publisher.publish('session', 'missed');

      await relay.resume();
      await waitFor(() => cut.isListening(), 'the subscription again');
      await publisher.publish('session', 'heard');
      await waitFor(() => heard.includes('session heard'), 'the invalidation after the cut');
      expect(heard).not.toContain('session missed');
    });
  });
});

afterAll(async () => {
  await Promise.all(prefixes.map((prefix) => prefix.deleteKeys()));
});
