// aedes-persistence-redis ships no type declarations; this is the part broker-api uses.
declare module 'aedes-persistence-redis' {
  import type { Redis, RedisOptions } from 'ioredis';

  interface AedesPersistenceRedisOptions extends RedisOptions {
    /** A ready ioredis client to use instead of one built from the options. */
    conn?: Redis;
    /** Offline messages delivered on CONNECT at most (default 1000). */
    maxSessionDelivery?: number;
    /** Seconds an offline packet is kept (default: forever). */
    packetTTL?: (packet: unknown) => number;
  }

  /** The persistence aedes 1.x drives through promises; `destroy` disconnects its Redis client. */
  interface AedesPersistenceRedis {
    setup(broker: unknown): Promise<void>;
    destroy(): Promise<void>;
    /** Stores a persistent session's subscriptions (aedes calls it without the callback). */
    addSubscriptions(client: { readonly id: string }, subscriptions: unknown[], callback?: unknown): unknown;
  }

  function aedesPersistenceRedis(options?: AedesPersistenceRedisOptions): AedesPersistenceRedis;
  export default aedesPersistenceRedis;
}
