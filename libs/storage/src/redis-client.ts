import { AppError } from '@homeport/errors';
import { Redis } from 'ioredis';
import { isError } from './is-error';

/** Settings of a Redis client. */
export interface RedisClientOptions {
  /** Connection URL, e.g. redis://:secret@host:6379/0. */
  readonly url: string;
  /**
   * Prepended to every key (e.g. `registry:`), so each service or test has its own keys. ioredis does
   * not apply it to the patterns of KEYS/SCAN nor to the keys they return.
   */
  readonly keyPrefix: string;
  /** How long to wait for the TCP connection (default 5000). */
  readonly connectTimeoutMs?: number;
  /** Reconnections a command waits through before failing (default 2), so calls fail rather than hang. */
  readonly maxRetriesPerRequest?: number;
  /** Called on each connection error (the client keeps reconnecting); default: ignored. */
  readonly onError?: (error: Error) => void;
  /**
   * A connection for SUBSCRIBE and PSUBSCRIBE only (a pub/sub subscriber): no ready check, no client info
   * and no auto-pipelining. ioredis 5 writes a subscription asked for during its handshake at once; when its
   * reply came before the ready check's INFO, Redis refused the INFO (the connection was a subscriber by
   * then), ioredis reconnected, and, never having been ready, subscribed nothing again, while the caller had
   * its subscription confirmed (redis/ioredis#2037): broker-api's emitter lost its `$SYS/sub/+` pattern at
   * start, and no persistent session got a SUBACK again until a restart. Auto-pipelining delays
   * PUNSUBSCRIBE (ioredis' list of commands it never pipelines spells it `unpsubscribe`), so a PUNSUBSCRIBE
   * then PSUBSCRIBE of one pattern in one turn went out the other way round.
   */
  readonly subscriberOnly?: boolean;
}

const maxReconnectDelayMs = 2000;

/** A Redis connection made by `createRedisClient` (an ioredis client). */
export type RedisClient = Redis;

/** Creates an ioredis client that connects at once and reconnects forever with a bounded backoff. */
export function createRedisClient(options: RedisClientOptions): RedisClient {
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 2,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, maxReconnectDelayMs),
    // Commands issued in the same event-loop turn go out as one pipeline (one write): at thousands of
    // messages a second the per-command socket writes were a large cost (`npm run bench`).
    enableAutoPipelining: options.subscriberOnly !== true,
    ...(options.subscriberOnly === true && { enableReadyCheck: false, disableClientInfo: true }),
  });
  // The commands issued meanwhile fail too, which is where callers learn of it; without a listener
  // ioredis would print every failed reconnection.
  client.on('error', options.onError ?? (() => undefined));
  return client;
}

/**
 * Translates an ioredis error into an AppError `unavailable` when Redis could not be reached
 * (connection refused or closed, retries per request exhausted, timeouts); returns any other error
 * unchanged. Use as `throw translateRedisError(e)`.
 */
export function translateRedisError(error: unknown): Error {
  if (!isError(error)) {
    return new AppError('internal', 'REDIS_ERROR', 'a non-Error value was thrown', { cause: error });
  }
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown }).code;
  const isConnectionError =
    error.name === 'MaxRetriesPerRequestError' ||
    (typeof code === 'string' && /^E[A-Z]+$/.test(code)) ||
    /Connection is closed|Stream isn't writeable|ETIMEDOUT/.test(error.message);
  if (!isConnectionError) return error;
  return new AppError('unavailable', 'REDIS_UNAVAILABLE', `redis unavailable: ${error.message}`, {
    cause: error,
  });
}

/** Resolves when Redis answers PING; rejects with AppError `unavailable` when it does not. */
export async function checkRedis(client: Redis): Promise<void> {
  try {
    await client.ping();
  } catch (error) {
    throw translateRedisError(error);
  }
}
