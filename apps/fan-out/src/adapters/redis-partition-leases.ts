import { defineRedisScript, translateRedisError, type RedisClient } from '@homeport/storage';
import type { PartitionLeases } from '../domain/partition-leases';

// Compare-and-set: only the holder may extend or delete its lease.
const renewScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const releaseScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
// Redis's own clock, so replicas with skewed clocks agree on who is alive.
const heartbeatScript = `
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZCARD', KEYS[1])`;

/**
 * Partition leases in Redis: `{group}:partition:{k}` holds the owner id with a TTL (SET NX PX), and the
 * sorted set `{group}:replicas` the live replicas scored by when their heartbeat expires. The client's key
 * prefix applies (ioredis prefixes the KEYS of scripts too).
 */
export function createRedisPartitionLeases(redis: RedisClient, group: string): PartitionLeases {
  const leaseKey = (partition: number): string => `${group}:partition:${partition}`;
  const replicasKey = `${group}:replicas`;
  const heartbeat = defineRedisScript(redis, 'homeportLeaseHeartbeat', 1, heartbeatScript);
  const renew = defineRedisScript(redis, 'homeportLeaseRenew', 1, renewScript);
  const release = defineRedisScript(redis, 'homeportLeaseRelease', 1, releaseScript);
  const run = async <T>(command: () => Promise<T>): Promise<T> => {
    try {
      return await command();
    } catch (error) {
      throw translateRedisError(error);
    }
  };
  return {
    heartbeat: async (ownerId, ttlMs) => Number(await heartbeat(replicasKey, ownerId, ttlMs)),
    leave: (ownerId) =>
      run(async () => {
        await redis.zrem(replicasKey, ownerId);
      }),
    acquire: (partition, ownerId, ttlMs) =>
      run(async () => (await redis.set(leaseKey(partition), ownerId, 'PX', ttlMs, 'NX')) === 'OK'),
    renew: async (partition, ownerId, ttlMs) =>
      Number(await renew(leaseKey(partition), ownerId, ttlMs)) === 1,
    release: async (partition, ownerId) => {
      await release(leaseKey(partition), ownerId);
    },
  };
}
