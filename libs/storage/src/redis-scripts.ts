import { translateRedisError, type RedisClient } from './redis-client';

/** A Lua script defined on a client, called with its keys then its arguments. */
export type RedisScript = (...keysThenArgs: (string | number)[]) => Promise<unknown>;

/**
 * Defines `lua` as a command of `client`, its driver errors translated. ioredis sends it as EVALSHA (the
 * script loaded once, by EVAL on the first NOSCRIPT) and prefixes its keys: EVAL with the script's text
 * on every call sends and hashes the whole script each time. With `numberOfKeys` undefined, each call
 * gives its number of keys first (a script over a batch's keys).
 */
export function defineRedisScript(
  client: RedisClient,
  name: string,
  numberOfKeys: number | undefined,
  lua: string,
): RedisScript {
  client.defineCommand(name, numberOfKeys === undefined ? { lua } : { numberOfKeys, lua });
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
