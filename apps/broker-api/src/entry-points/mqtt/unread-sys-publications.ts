import type { Aedes } from 'aedes';

type Done = (error?: Error) => void;
/** aedes' publish as it calls it itself: `(packet, done)` or `(packet, client, done)`. */
type PublishWithClient = (packet: { topic: string }, clientOrDone: unknown, done?: Done) => void;

/**
 * `$SYS/<brokerId>/...` announcements aedes 1.2 publishes that nothing reads: aedes itself listens only to
 * `heartbeat`, `birth` and `new/clients` (the takeover of a client id across replicas), the persistence to
 * `$SYS/sub/+`, and no client may subscribe to `$SYS` (topic-access.ts).
 */
const unreadAnnouncements = new Set(['new/subscribes', 'new/unsubscribes', 'disconnect/clients']);

/**
 * Leaves out the `$SYS` announcements nobody reads (above): aedes publishes one at every SUBSCRIBE, every
 * UNSUBSCRIBE (a connection's close unsubscribes it from everything) and every connection's end, each a
 * msgpack-encoded Redis PUBLISH to every replica: three of a reconnecting device's six PUBLISHes
 * (tools/bench README, "CONNECT cost in Redis"). Install before any hook that wraps `broker.publish`.
 */
export function skipUnreadSysPublications(broker: Aedes): void {
  const publish = (broker.publish as unknown as PublishWithClient).bind(broker);
  const ownPrefix = `$SYS/${broker.id}/`;
  (broker as unknown as { publish: PublishWithClient }).publish = (packet, clientOrDone, done) => {
    const { topic } = packet;
    if (topic.startsWith(ownPrefix) && unreadAnnouncements.has(topic.slice(ownPrefix.length))) {
      const callback = typeof clientOrDone === 'function' ? (clientOrDone as Done) : done;
      callback?.();
      return;
    }
    publish(packet, clientOrDone, done);
  };
}
