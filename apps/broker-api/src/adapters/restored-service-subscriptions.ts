import type { RedisClient } from '@homeport/storage';
import { servicePrefix } from '../domain/service-identity';

/** A subscription as aedes stores it for a persistent session. */
interface Subscription {
  readonly topic: string;
  readonly qos: number;
}

/** What of aedes-persistence-redis' async persistence this wraps (its callback wrapper holds it). */
interface SubscriptionStore {
  setup(broker: BroadcastSource): Promise<void>;
  subscriptionsByClient(client: { id: string }): Promise<Subscription[]>;
}

/** The persistence as aedes calls it: the write that stores a session's subscriptions and broadcasts them. */
interface StoredSubscriptions {
  readonly asyncPersistence: SubscriptionStore;
  addSubscriptions(client: { id: string }, subscriptions: Subscription[]): Promise<unknown>;
}

/** A broadcast of aedes-persistence: `$SYS/sub/add` or `$SYS/sub/rm`, JSON `{ clientId, subs }`. */
interface BroadcastPacket {
  readonly topic: string;
  readonly payload: Buffer | string;
}

/** The broker, as far as listening to the broadcasts goes (aedes' internal subscribe). */
interface BroadcastSource {
  subscribe(
    topic: string,
    deliver: (packet: BroadcastPacket, done: () => void) => void,
    done: (error?: Error | null) => void,
  ): void;
}

// aedes-persistence 11 (broadcastPersistence.js): every replica's subscription changes, each replica's
// routing table (the trie) follows them; and aedes-persistence-redis' set of persistent sessions.
const subscriptionBroadcasts = '$SYS/sub/+';
const addedSubscriptions = '$SYS/sub/add';
const persistentSessionsKey = 'clients';

/**
 * Stores a service's persistent session (fan-out's) again when it connects and Redis no longer has it while
 * the broker still routes by it. aedes-persistence-redis keeps every replica's routing table in memory,
 * loaded at start and updated by broadcasts; a Redis restarted without its data (no persistence, or the
 * writes of its last second lost) keeps no session, yet the broker still queues each device message for
 * the session's key. The session then resumed as a new one (CONNACK session present 0): aedes sends a
 * session its queue only at CONNECT, so what came between its CONNECT and its SUBSCRIBE stayed queued,
 * already PUBACKed to the device, until the session's next reconnect (`npm run chaos`, fault `redis`).
 * Restored before aedes reads it, the session resumes with its subscriptions, live and queued messages
 * alike. Services only: one entry per session, and the broker keeps no copy of the devices' sessions.
 */
export function restoreLostServiceSubscriptions(
  persistence: unknown,
  redis: RedisClient,
  onRestored: (clientId: string, filters: number) => void,
): void {
  const stored = persistence as StoredSubscriptions;
  const store = stored.asyncPersistence;
  const library = {
    setup: store.setup.bind(store),
    subscriptionsByClient: store.subscriptionsByClient.bind(store),
  };
  const known = new Map<string, Map<string, Subscription>>();

  store.setup = async (broker) => {
    await library.setup(broker);
    await listen(broker, (packet) => {
      followBroadcast(known, packet);
    });
    const clientIds = await redis.smembers(persistentSessionsKey);
    for (const clientId of clientIds.filter(isServiceClientId)) {
      const subscriptions = await library.subscriptionsByClient({ id: clientId });
      known.set(clientId, new Map(subscriptions.map((sub) => [sub.topic, sub])));
    }
  };

  store.subscriptionsByClient = async (client) => {
    const subscriptions = await library.subscriptionsByClient(client);
    const remembered = [...(known.get(client.id)?.values() ?? [])];
    if (subscriptions.length > 0 || remembered.length === 0) return subscriptions;
    await stored.addSubscriptions(client, remembered);
    onRestored(client.id, remembered.length);
    return remembered;
  };
}

const isServiceClientId = (clientId: string) => clientId.startsWith(servicePrefix);

function listen(broker: BroadcastSource, onPacket: (packet: BroadcastPacket) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const deliver = (packet: BroadcastPacket, done: () => void) => {
      onPacket(packet);
      done();
    };
    broker.subscribe(subscriptionBroadcasts, deliver, (error) => {
      if (error === undefined || error === null) resolve();
      else reject(error);
    });
  });
}

/** Applies one broadcast to the services' sessions: added (at any QoS, as stored) or removed filters. */
function followBroadcast(known: Map<string, Map<string, Subscription>>, packet: BroadcastPacket): void {
  const { clientId, subs } = JSON.parse(packet.payload.toString()) as {
    clientId: string;
    subs: Subscription[];
  };
  if (!isServiceClientId(clientId)) return;
  const session = known.get(clientId) ?? new Map<string, Subscription>();
  for (const sub of subs) {
    if (packet.topic === addedSubscriptions) session.set(sub.topic, sub);
    else session.delete(sub.topic);
  }
  if (session.size > 0) known.set(clientId, session);
  else known.delete(clientId);
}
