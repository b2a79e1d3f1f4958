/** A client as aedes hands it to its persistence (the live client at a CONNECT; a plain `{ id }` elsewhere). */
interface SessionClient {
  readonly id: string;
  readonly clean?: boolean;
}

/** What of aedes-persistence-redis' async persistence this wraps (its callback wrapper holds it). */
interface SessionStore {
  subscriptionsByClient(client: SessionClient): Promise<readonly { readonly topic: string }[]>;
  removeSubscriptions(client: SessionClient, topics: string[]): Promise<void>;
  cleanSubscriptions(client: SessionClient): Promise<void>;
  outgoingStream(client: SessionClient): AsyncIterable<unknown>;
}

async function* nothingQueued(): AsyncGenerator<never> {
  // A clean session that kept no stored subscriptions has no queue to resume.
}

/**
 * Leaves out the queue read of a clean CONNECT whose client had no stored session: aedes 1.2 reads every
 * clean session's outgoing queue after the CONNACK only to clear it (connect.js `emptyQueue`), one LRANGE
 * per CONNECT (`npm run bench -- --steps connections`). Packets are queued only for stored subscriptions,
 * and aedes stores none for a clean session (subscribe.js `storeSubscriptions`), so a clean CONNECT that
 * found none has nothing queued. The exception is a race: a replica whose copy of the subscriptions was
 * not yet updated after an earlier clean CONNECT or UNSUBSCRIBE removed them could queue a packet for them;
 * it stays queued until a CONNECT finds a stored session again, rather than being cleared at the next one.
 * The queue of a client that had stored subscriptions is read and cleared as before.
 */
export function skipUnqueuedCleanSessionReads(aedesPersistence: unknown): void {
  const store = (aedesPersistence as { asyncPersistence: SessionStore }).asyncPersistence;
  const readQueue = store.outgoingStream.bind(store);
  // The live clients whose clean CONNECT found no stored session, until their queue would be read.
  const unqueued = new WeakSet<SessionClient>();

  // As the library's cleanSubscriptions, remembering whether there was a session.
  store.cleanSubscriptions = async (client) => {
    const subscriptions = await store.subscriptionsByClient(client);
    if (subscriptions.length === 0) {
      if (client.clean === true) unqueued.add(client);
      return;
    }
    await store.removeSubscriptions(
      client,
      subscriptions.map((subscription) => subscription.topic),
    );
  };
  store.outgoingStream = (client) => (unqueued.delete(client) ? nothingQueued() : readQueue(client));
}
