import { translateRedisError, type RedisClient } from '@homeport/storage';
import {
  createInvalidationHandlers,
  invalidationTopics,
  type InvalidationTopic,
  type Invalidations,
} from './invalidations';

/** The Redis channel of the replicas sharing `redis`'s key prefix (ioredis does not prefix channels). */
export const invalidationChannel = (redis: RedisClient) => `${redis.options.keyPrefix ?? ''}invalidations`;

const isTopic = (value: string): value is InvalidationTopic =>
  (invalidationTopics as readonly string[]).includes(value);

/**
 * The first line of a message that carries several invalidations, one `<topic> <key>` a line. A replica of
 * an earlier version reads `batch\n<topic>` as an unknown topic and drops everything it caches: correct.
 */
const batchHeader = 'batch';

/**
 * Invalidations between replicas over Redis pub/sub: `<topic> <key>` on one channel, on a connection of its
 * own (a subscribed connection runs no other command). Redis writes a message to every subscriber before it
 * answers the PUBLISH, so a replica has it in its socket before the change is answered to anyone. Pub/sub
 * keeps nothing for a replica that is away: while the subscription is not confirmed `isListening()` is false,
 * and every loss of the connection resets the caches. The invalidations published in one event-loop turn go
 * out as one message (the live-events consumer announces each report of a batch delivery: one PUBLISH, and
 * one message to every replica, per report before), each publish resolving once that message is answered.
 */
export function createRedisInvalidations(options: {
  readonly redis: RedisClient;
  readonly onError: (error: Error) => void;
}): Invalidations {
  const { redis } = options;
  const channel = invalidationChannel(redis);
  const handlers = createInvalidationHandlers();
  // Subscribed by hand at each connection, so `listening` turns true only once the subscription holds.
  const subscriber = redis.duplicate({ autoResubscribe: false, enableAutoPipelining: false });
  let listening = false;
  const stopListening = () => {
    if (listening) handlers.resetAll();
    listening = false;
  };
  subscriber.on('error', options.onError);
  subscriber.on('close', stopListening);
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(
      () => {
        // Anything published while the subscription was not in place is missed: start afresh.
        handlers.resetAll();
        listening = true;
      },
      (error: unknown) => {
        options.onError(translateRedisError(error));
      },
    );
  });
  const deliverLine = (line: string): void => {
    const space = line.indexOf(' ');
    const topic = line.slice(0, space);
    if (space < 1 || !isTopic(topic)) {
      // A replica of another version, or garbage: dropping everything is always correct.
      handlers.resetAll();
      return;
    }
    handlers.deliver(topic, line.slice(space + 1));
  };
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    if (!message.startsWith(`${batchHeader}\n`)) {
      deliverLine(message);
      return;
    }
    for (const line of message.slice(batchHeader.length + 1).split('\n')) deliverLine(line);
  });
  const sendLines = async (lines: readonly string[]): Promise<void> => {
    try {
      await redis.publish(
        channel,
        lines.length === 1 ? (lines[0] ?? '') : [batchHeader, ...lines].join('\n'),
      );
    } catch (error) {
      throw translateRedisError(error);
    }
  };
  // The lines of this turn (each once), sent once it ends.
  let turn: { readonly lines: Set<string>; readonly sent: Promise<void> } | undefined;
  const sendInTurn = (line: string): Promise<void> => {
    if (turn === undefined) {
      const lines = new Set([line]);
      const turnEnded = new Promise<void>((resolve) => {
        setImmediate(() => {
          turn = undefined;
          resolve();
        });
      });
      turn = { lines, sent: turnEnded.then(() => sendLines([...lines])) };
    } else {
      turn.lines.add(line);
    }
    return turn.sent;
  };
  return {
    async publish(topic, key) {
      handlers.deliver(topic, key);
      const line = `${topic} ${key}`;
      // A key of several lines (none of the ids cached is) would read as several: it goes alone.
      await (line.includes('\n') ? sendLines([line]) : sendInTurn(line));
    },
    subscribe: (topic, topicHandlers) => {
      handlers.add(topic, topicHandlers);
    },
    isListening: () => listening,
    close() {
      stopListening();
      subscriber.removeAllListeners('ready');
      // Not QUIT: while Redis is away it would wait for a connection.
      subscriber.disconnect();
      return Promise.resolve();
    },
  };
}
