import { rollupWidths, type RollupWidthName } from '@homeport/contracts';
import { translateRedisError, type RedisClient } from '@homeport/storage';
import type { LastRollupRound, RollupRounds } from '../domain/rollup-rounds';
import { defineDeleteIfHolding } from './redis-scripts';

/** state-workers' own keys (no other service reads them), under the client's key prefix. */
const leaseKey = 'state-workers:rollups:round-lease';
/** A hash: per rollup width its cut, and `retainedAt`. */
const lastRoundKey = 'state-workers:rollups:last-round';
const retainedAtField = 'retainedAt';

const readTimeMs = (value: string | undefined) => {
  const timeMs = Number(value ?? NaN);
  return Number.isSafeInteger(timeMs) ? timeMs : undefined;
};

function readLastRound(fields: Readonly<Record<string, string>>): LastRollupRound {
  const retainedAtMs = readTimeMs(fields[retainedAtField]);
  const cuts = {} as Record<RollupWidthName, number>;
  for (const { name } of rollupWidths) {
    const cutMs = readTimeMs(fields[name]);
    // A record without every width's cut (none yet) is no cut at all: the round rolls up the lookback.
    if (cutMs === undefined) return { cuts: undefined, retainedAtMs };
    cuts[name] = cutMs;
  }
  return { cuts, retainedAtMs };
}

/**
 * RollupRounds shared by every replica on Redis: the lease is `SET NX PX` (expiring by itself when its holder
 * is killed) held for `leaseMs`, the last round a hash the next round reads.
 */
export function createRedisRollupRounds(client: RedisClient, leaseMs: number): RollupRounds {
  // Only the holder's own lease: one that expired and was taken by another replica stays.
  const deleteIfHolding = defineDeleteIfHolding(client);
  return {
    async claim(holderId) {
      try {
        if ((await client.set(leaseKey, holderId, 'PX', leaseMs, 'NX')) === null) return undefined;
        return readLastRound(await client.hgetall(lastRoundKey));
      } catch (error) {
        throw translateRedisError(error);
      }
    },
    async record(round) {
      const fields: Record<string, number> = { ...round.cuts };
      if (round.retainedAtMs !== undefined) fields[retainedAtField] = round.retainedAtMs;
      try {
        await client.hset(lastRoundKey, fields);
      } catch (error) {
        throw translateRedisError(error);
      }
    },
    async release(holderId) {
      await deleteIfHolding(leaseKey, holderId);
    },
  };
}
