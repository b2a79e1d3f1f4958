import { translateRedisError, type RedisClient } from '@homeport/storage';

/** A Lua script defined on a client, called with its keys then its arguments. */
export type RedisScript = (...keysThenArgs: string[]) => Promise<unknown>;

/** Defines `lua` as a command of `client` (EVALSHA, loaded once; keys get its prefix), its driver errors translated. */
export function defineRedisScript(
  client: RedisClient,
  name: string,
  numberOfKeys: number,
  lua: string,
): RedisScript {
  client.defineCommand(name, { numberOfKeys, lua });
  const script = (client as unknown as Record<string, RedisScript>)[name];
  if (script === undefined) throw new Error(`ioredis did not define ${name}`);
  return async (...args) => {
    try {
      return await script.call(client, ...args);
    } catch (error) {
      throw translateRedisError(error);
    }
  };
}

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
