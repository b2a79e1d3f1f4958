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
 * Invalidations between replicas over Redis pub/sub: `<topic> <key>` on one channel, on a connection of its
 * own (a subscribed connection runs no other command). Redis writes a message to every subscriber before it
 * answers the PUBLISH, so a replica has it in its socket before the change is answered to anyone. Pub/sub
 * keeps nothing for a replica that is away: while the subscription is not confirmed `isListening()` is false,
 * and every loss of the connection resets the caches.
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
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    const space = message.indexOf(' ');
    const topic = message.slice(0, space);
    if (space < 1 || !isTopic(topic)) {
      // A replica of another version, or garbage: dropping everything is always correct.
      handlers.resetAll();
      return;
    }
    handlers.deliver(topic, message.slice(space + 1));
  });
  return {
    async publish(topic, key) {
      handlers.deliver(topic, key);
      try {
        await redis.publish(channel, `${topic} ${key}`);
      } catch (error) {
        throw translateRedisError(error);
      }
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
