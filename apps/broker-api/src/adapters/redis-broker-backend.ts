import { coalesceSocketWrites, type CorkableWritable } from '@homeport/messaging';
import { checkRedis, createRedisClient, type RedisClient } from '@homeport/storage';
import aedesPersistenceRedis from 'aedes-persistence-redis';
import mqemitterRedis from 'mqemitter-redis';
import { batchChannelSubscriptions } from './batched-channel-subscriptions';
import type { BrokerBackend } from './broker-backend';
import { skipUnqueuedCleanSessionReads } from './clean-session-queue-read';
import { skipUnkeyedWillDeletion } from './connect-will-deletion';
import { removeQueuedPacketsAtFirstMatch } from './first-match-queue-removal';
import { restoreLostServiceSubscriptions } from './restored-service-subscriptions';
import { scriptOutgoingQueue } from './scripted-outgoing-queue';
import { serializeSubscriptionWrites } from './serialized-subscription-writes';

/** Settings of the Redis backend. */
export interface RedisBrokerBackendOptions {
  readonly url: string;
  /** Prefix of the persistence keys and the pub/sub channels, e.g. `homeport:broker:`. */
  readonly keyPrefix: string;
  readonly onError: (error: unknown) => void;
  /** A service's session was stored again from the broker's memory: Redis had lost it (restored-service-subscriptions.ts). */
  readonly onSubscriptionsRestored?: (clientId: string, filters: number) => void;
}

/**
 * The least time between two writes on each Redis connection. A CONNECT asks Redis something in four
 * different turns (its session's subscriptions, the `new/clients` broadcast, its channel, the retained
 * desired state); in a reconnect storm nearly every turn held one CONNECT's command, so each connection
 * wrote about once a CONNECT, and a small loopback write costs tens of µs on both sides. At most one write a
 * millisecond per connection batches them (tools/bench/README.md, "Session 41"); an idle connection's
 * command still leaves at the end of its turn.
 */
const redisWriteIntervalMs = 1;

/** Coalesces the writes of every connection `client` makes (ioredis opens a new socket on each reconnection). */
function paceWrites(client: RedisClient): RedisClient {
  client.on('connect', () => {
    const socket = (client as unknown as { stream?: CorkableWritable }).stream;
    if (socket !== undefined) coalesceSocketWrites(socket, { minIntervalMs: redisWriteIntervalMs });
  });
  return client;
}

/** LRANGE's stop index that reaches the end of any list. */
const deliverWholeSessionQueue = Number.MAX_SAFE_INTEGER;

type PrefixedEmitter = ReturnType<typeof mqemitterRedis>;
type PrefixedEmitterClass = new (
  channelPrefix: string,
  options: { pubConn: RedisClient; subConn: RedisClient; matchEmptyLevels: boolean; concurrency: number },
) => PrefixedEmitter;

/**
 * aedes clustering over Redis: mqemitter-redis for routing, aedes-persistence-redis for state. Both use
 * `keyPrefix`: the persistence through an ioredis client with that key prefix, the emitter through its
 * channel-prefix variant (the prefix ends in `/`, so `+`/`#` filters keep their meaning), which keeps
 * deployments and test runs sharing one Redis apart.
 */
export function createRedisBrokerBackend(options: RedisBrokerBackendOptions): BrokerBackend {
  const { MQEmitterRedisPrefix } = mqemitterRedis as unknown as {
    MQEmitterRedisPrefix: PrefixedEmitterClass;
  };
  // Our clients rather than the emitter's own: its options reach ioredis only without a connection string,
  // and without auto-pipelining every PUBLISH was a socket write of its own (4% of broker-api's CPU). No
  // key prefix: channels are not keys; connection errors reach `onError` through the emitter's state.
  const mq = new MQEmitterRedisPrefix(`${options.keyPrefix}mqtt/`, {
    pubConn: paceWrites(createRedisClient({ url: options.url, keyPrefix: '' })),
    subConn: batchChannelSubscriptions(
      paceWrites(createRedisClient({ url: options.url, keyPrefix: '', subscriberOnly: true })),
    ),
    matchEmptyLevels: true, // MQTT-4.7.1-3, as aedes' default emitter
    // Messages delivered at once. Each waits for a Redis round trip and its socket write: 100 capped the
    // delivery to fan-out below 3,000 msg/s with broker-api half idle (`npm run bench`).
    concurrency: 1000,
  });
  (mq as unknown as { state: NodeJS.EventEmitter }).state.on('error', options.onError);
  const redis = paceWrites(
    createRedisClient({ url: options.url, keyPrefix: options.keyPrefix, onError: options.onError }),
  );
  removeQueuedPacketsAtFirstMatch(redis);
  // aedes-persistence-redis sends a resuming session at most maxSessionDelivery (default 1000) of its queued
  // messages (one LRANGE 0..max) and the rest only at a later CONNECT: a fan-out that was away for more
  // than that would find the rest stranded until it reconnects again. The queue holds packet keys only.
  const persistence = aedesPersistenceRedis({ conn: redis, maxSessionDelivery: deliverWholeSessionQueue });
  serializeSubscriptionWrites(persistence);
  skipUnkeyedWillDeletion(persistence);
  restoreLostServiceSubscriptions(persistence, redis, options.onSubscriptionsRestored ?? (() => undefined));
  scriptOutgoingQueue(persistence, redis);
  skipUnqueuedCleanSessionReads(persistence);
  return {
    mq,
    persistence,
    checkReady: () => checkRedis(redis),
    close: () => persistence.destroy(),
  };
}
