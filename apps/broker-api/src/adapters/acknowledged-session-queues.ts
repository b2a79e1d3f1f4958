import aedesMemoryPersistence from 'aedes-persistence';
import mqemitter from 'mqemitter';

/** The fields by which aedes tells a message apart, on every copy it queues and delivers. */
interface QueuedPacket {
  readonly brokerId?: string;
  readonly brokerCounter?: number;
  /** Set by aedes on a message a client published (not on the broker's own). */
  readonly clientId?: string;
  readonly topic: string;
}

/** What of aedes-persistence's memory persistence this follows (its callback wrapper holds it). */
interface SessionQueues {
  outgoingEnqueueCombi(subs: readonly { clientId: string }[], packet: QueuedPacket): Promise<void>;
  outgoingClearMessageId(client: { id: string }, packet: QueuedPacket): Promise<QueuedPacket | undefined>;
  cleanSubscriptions(client: { id: string }): Promise<void>;
}

type Emit = (packet: QueuedPacket, done?: (error?: Error) => void) => void;

/** A queued message whose publisher waits until the sessions it was queued for acknowledged it. */
interface Awaited {
  readonly sessions: Set<string>;
  readonly settled: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

const keyOf = (packet: QueuedPacket) => `${packet.brokerId}:${packet.brokerCounter}`;

/**
 * aedes' own in-memory persistence and emitter, where a message a client published at QoS 1 is confirmed
 * to aedes (so PUBACKed: puback-after-publish.ts) only once every persistent session it was queued for
 * (fan-out's) acknowledged it: a queue in memory dies with the process, so until then the device keeps it.
 * The emitter's callback carries the wait, after delivery, so its concurrency is not held. A session
 * cleaned with messages unacknowledged fails their publish (the device's connection closes, it sends again).
 */
export function createAcknowledgedSessionQueues(): { readonly mq: unknown; readonly persistence: unknown } {
  const persistence = aedesMemoryPersistence() as unknown as { asyncPersistence: SessionQueues };
  const queues = persistence.asyncPersistence;
  const mq = mqemitter({ matchEmptyLevels: true }); // MQTT-4.7.1-3, as aedes' default emitter
  const awaited = new Map<string, Awaited>();
  const bySession = new Map<string, Set<string>>();
  const library = {
    enqueue: queues.outgoingEnqueueCombi.bind(queues),
    clear: queues.outgoingClearMessageId.bind(queues),
    clean: queues.cleanSubscriptions.bind(queues),
    emit: (mq.emit as Emit).bind(mq),
  };
  const forget = (key: string, sessions: Iterable<string>) => {
    awaited.delete(key);
    for (const session of sessions) bySession.get(session)?.delete(key);
  };

  queues.outgoingEnqueueCombi = async (subs, packet) => {
    await library.enqueue(subs, packet);
    if (subs.length === 0) return;
    const key = keyOf(packet);
    const sessions = new Set(subs.map((sub) => sub.clientId));
    awaited.set(key, createAwaited(sessions));
    for (const session of sessions) {
      let keys = bySession.get(session);
      if (keys === undefined) bySession.set(session, (keys = new Set()));
      keys.add(key);
    }
  };

  queues.outgoingClearMessageId = async (client, packet) => {
    const cleared = await library.clear(client, packet);
    const key = cleared === undefined ? undefined : keyOf(cleared);
    const waiting = key === undefined ? undefined : awaited.get(key);
    if (key === undefined || waiting === undefined) return cleared;
    waiting.sessions.delete(client.id);
    bySession.get(client.id)?.delete(key);
    if (waiting.sessions.size === 0) {
      awaited.delete(key);
      waiting.resolve();
    }
    return cleared;
  };

  queues.cleanSubscriptions = async (client) => {
    await library.clean(client);
    for (const key of bySession.get(client.id) ?? []) {
      const waiting = awaited.get(key);
      if (waiting === undefined) continue;
      forget(key, waiting.sessions);
      waiting.reject(new Error(`session ${client.id} was cleaned before it acknowledged the message`));
    }
    bySession.delete(client.id);
  };

  (mq as unknown as { emit: Emit }).emit = (packet, done) => {
    const key = keyOf(packet);
    const waiting = awaited.get(key);
    // The broker's own messages (desired state, commands) are not confirmed to anyone: nobody waits.
    if (waiting !== undefined && packet.clientId === undefined) forget(key, waiting.sessions);
    library.emit(packet, (error) => {
      if (error !== undefined || waiting === undefined || packet.clientId === undefined) {
        done?.(error);
        return;
      }
      waiting.settled.then(
        () => done?.(),
        (failure: unknown) => done?.(failure as Error),
      );
    });
  };
  return { mq, persistence };
}

function createAwaited(sessions: Set<string>): Awaited {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const settled = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  settled.catch(() => undefined); // a failure reaches the publisher that waits, if one still does
  return { sessions, settled, resolve, reject };
}
