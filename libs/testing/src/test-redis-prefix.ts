import { Redis } from 'ioredis';
import { readTestServerUrls } from './server-urls';
import { createUniqueName } from './unique-name';

/** A Redis key prefix of its own for one test suite. */
export interface TestRedisPrefix {
  /** Ends with ':', e.g. `t_sessions_m1x2_ab12cd:`. */
  readonly keyPrefix: string;
  /** Deletes every key under the prefix. */
  deleteKeys(): Promise<void>;
}

/** A unique key prefix on the test Redis server (REDIS_URL), with a clean-up for afterAll. */
export function createTestRedisPrefix(
  purpose = 'redis',
  serverUrl = readTestServerUrls().redisUrl,
): TestRedisPrefix {
  const keyPrefix = `${createUniqueName(purpose)}:`;
  return { keyPrefix, deleteKeys: () => deleteRedisKeys(keyPrefix, serverUrl) };
}

/** Deletes every key under `keyPrefix` on the test Redis server (what a service ran with that prefix wrote). */
export async function deleteRedisKeys(
  keyPrefix: string,
  serverUrl = readTestServerUrls().redisUrl,
): Promise<void> {
  const client = new Redis(serverUrl, { maxRetriesPerRequest: 1 });
  try {
    const stream = client.scanStream({ match: `${keyPrefix}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length > 0) await client.del(...keys);
    }
  } finally {
    client.disconnect();
  }
}
