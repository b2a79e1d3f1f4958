import { defineRedisScript, type RedisClient } from '@homeport/storage';

/**
 * Deletes a key only while it still holds the value given, in one script: what another replica wrote
 * there meanwhile stays. Resolves whether it deleted.
 */
export function defineDeleteIfHolding(client: RedisClient): (key: string, value: string) => Promise<boolean> {
  const deleteIfHolding = defineRedisScript(
    client,
    'homeportDeleteIfHolding',
    1,
    `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  );
  return async (key, value) => (await deleteIfHolding(key, value)) === 1;
}
