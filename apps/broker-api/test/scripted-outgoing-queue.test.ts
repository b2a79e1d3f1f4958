import { createRedisClient, type RedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls } from '@homeport/testing';
import aedesPersistenceRedis from 'aedes-persistence-redis';
import { scriptOutgoingQueue } from '../src/adapters/scripted-outgoing-queue';

interface Packet {
  readonly cmd: 'publish';
  readonly brokerId: string;
  readonly brokerCounter: number;
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: 0 | 1 | 2;
  readonly retain: boolean;
  readonly dup: boolean;
  readonly messageId?: number;
}

/** aedes' view of the persistence: the async instance its callback wrapper drives. */
interface OutgoingQueue {
  outgoingEnqueueCombi(
    subs: { clientId: string; topic: string; qos: number }[],
    packet: Packet,
  ): Promise<void>;
  outgoingUpdate(
    client: { id: string },
    packet: Packet | { cmd: 'pubrel'; messageId: number },
  ): Promise<void>;
  outgoingClearMessageId(client: { id: string }, packet: { messageId: number }): Promise<Packet | undefined>;
  outgoingStream(client: { id: string }): AsyncIterable<Packet>;
}

const fanOut = { id: 'service:fan-out' };
const analytics = { id: 'service:analytics' };
const subscriptionsOf = (...clients: { id: string }[]) =>
  clients.map((client) => ({ clientId: client.id, topic: 'homeport/v1/+/+/reported', qos: 1 }));

function publish(brokerCounter: number, qos: 0 | 1 | 2 = 1): Packet {
  return {
    cmd: 'publish',
    brokerId: 'broker-1',
    brokerCounter,
    topic: 'homeport/v1/acme/t-1/reported',
    payload: Buffer.from(`{"seq":${brokerCounter}}`),
    qos,
    retain: false,
    dup: false,
  };
}

async function listQueued(queue: OutgoingQueue, client: { id: string }): Promise<Packet[]> {
  const packets: Packet[] = [];
  for await (const packet of queue.outgoingStream(client)) packets.push(packet);
  return packets;
}

describe("a persistent session's outgoing queue in Redis (scripted)", () => {
  const prefix = createTestRedisPrefix('outgoing_queue');
  const clients: RedisClient[] = [];
  let redis: RedisClient;

  /** The persistence as a broker-api process builds it (createRedisBrokerBackend); a new one is a restart. */
  const openQueue = (): OutgoingQueue => {
    const client = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
    clients.push(client);
    const persistence = aedesPersistenceRedis({ conn: client });
    scriptOutgoingQueue(persistence, client);
    return (persistence as unknown as { asyncPersistence: OutgoingQueue }).asyncPersistence;
  };

  beforeAll(() => {
    redis = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await prefix.deleteKeys();
    redis.disconnect();
  });

  it('a packet queued for two sessions leaves each on its PUBACK and is deleted after the last one', async () => {
    const queue = openQueue();
    await queue.outgoingEnqueueCombi(subscriptionsOf(fanOut, analytics), publish(1));

    await queue.outgoingUpdate(fanOut, { ...publish(1), messageId: 7 });
    const acknowledged = await queue.outgoingClearMessageId(fanOut, { messageId: 7 });

    expect(acknowledged).toMatchObject({ topic: 'homeport/v1/acme/t-1/reported', messageId: 7, qos: 1 });
    expect(await listQueued(queue, fanOut)).toEqual([]);
    expect(await listQueued(queue, analytics)).toEqual([expect.objectContaining({ brokerCounter: 1 })]);
    await queue.outgoingUpdate(analytics, { ...publish(1), messageId: 9 });
    await queue.outgoingClearMessageId(analytics, { messageId: 9 });
    expect(await redis.exists('packet:broker-1:1', 'packet:broker-1:1:offlineCount')).toBe(0);
    expect(await listQueued(queue, analytics)).toEqual([]);
  });

  it('after a restart the session gets what it did not acknowledge, with its packet id, and can acknowledge it', async () => {
    const before = openQueue();
    await before.outgoingEnqueueCombi(subscriptionsOf(fanOut), publish(2));
    await before.outgoingEnqueueCombi(subscriptionsOf(fanOut), publish(3));
    await before.outgoingUpdate(fanOut, { ...publish(2), messageId: 11 });

    const after = openQueue();
    const resumed = await listQueued(after, fanOut);
    await after.outgoingUpdate(fanOut, { ...publish(2), messageId: 11 });
    await after.outgoingClearMessageId(fanOut, { messageId: 11 });

    expect(resumed).toEqual([
      expect.objectContaining({ brokerCounter: 2, messageId: 11 }),
      expect.objectContaining({ brokerCounter: 3 }),
    ]);
    expect(await listQueued(after, fanOut)).toEqual([expect.objectContaining({ brokerCounter: 3 })]);
  });

  it('a PUBACK for a packet this broker did not deliver removes nothing, and QoS 2 stays with the library', async () => {
    const queue = openQueue();
    await queue.outgoingEnqueueCombi(subscriptionsOf(analytics), publish(4, 2));
    await queue.outgoingUpdate(analytics, { ...publish(4, 2), messageId: 21 });

    expect(await queue.outgoingClearMessageId(analytics, { messageId: 99 })).toBeUndefined();
    expect(await queue.outgoingClearMessageId(analytics, { messageId: 21 })).toMatchObject({
      brokerCounter: 4,
    });
    expect(await listQueued(queue, analytics)).toEqual([]);
  });

  it('a packet id a resumed session reuses for a QoS 2 packet acknowledges that one, not the QoS 1 packet it had before', async () => {
    const queue = openQueue();
    const [fanOut, analytics] = [{ id: 'service:fan-out-p1' }, { id: 'service:analytics-p1' }];
    await queue.outgoingEnqueueCombi(subscriptionsOf(fanOut, analytics), publish(5));
    await queue.outgoingUpdate(fanOut, { ...publish(5), messageId: 31 });
    await queue.outgoingUpdate(analytics, { ...publish(5), messageId: 32 });
    await queue.outgoingEnqueueCombi(subscriptionsOf(fanOut), publish(6, 2));

    // fan-out drops before its PUBACK 31 and resumes: packet 5 goes again with its stored id 32, packet 6 gets 31
    await queue.outgoingUpdate(fanOut, { ...publish(5), messageId: 32 });
    await queue.outgoingUpdate(fanOut, { ...publish(6, 2), messageId: 31 });
    await queue.outgoingUpdate(fanOut, { cmd: 'pubrel', messageId: 31 });
    await queue.outgoingClearMessageId(fanOut, { messageId: 31 });
    await queue.outgoingClearMessageId(fanOut, { messageId: 32 });

    expect(await listQueued(queue, fanOut)).toEqual([]);
    expect(await listQueued(queue, analytics)).toEqual([expect.objectContaining({ brokerCounter: 5 })]);
  });
});
