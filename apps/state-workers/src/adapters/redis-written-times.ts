import { defineRedisScript, type RedisClient } from '@homeport/storage';
import { findEarliestRecent, type WrittenTimes } from '../domain/recent-rollups';
import { defineDeleteIfHolding } from './redis-scripts';

/** state-workers' own keys (no other service reads them), under the client's key prefix. */
const earliestWrittenKey = 'state-workers:rollups:earliest-written';
/** The note a round took, kept until it rolled it up: a round killed meanwhile leaves it to the next. */
const earliestTakenKey = 'state-workers:rollups:earliest-taken';

// The lower of the stored time and this one, in one script: replicas note at once.
const noteEarliestScript = `
local stored = redis.call('GET', KEYS[1])
if stored and tonumber(stored) <= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;

// Moves the note to the taken one (the lower of both), in one script: a point noted during the round is
// the next round's note.
const takeEarliestScript = `
local noted = redis.call('GET', KEYS[1])
local taken = redis.call('GET', KEYS[2])
if noted and (not taken or tonumber(noted) < tonumber(taken)) then
  redis.call('SET', KEYS[2], noted)
  taken = noted
end
redis.call('DEL', KEYS[1])
return taken
`;

/**
 * WrittenTimes shared by every replica on Redis: one key holding the earliest time noted, lowered by a
 * script (one command a batch of points), moved by whichever replica's round comes first to a key it
 * removes once that round rolled it up. A replica killed after its points were stored (and acknowledged),
 * or in the middle of its round, leaves their note to the others' next round, rather than to its restart.
 */
export function createRedisWrittenTimes(client: RedisClient, lookbackMs: number): WrittenTimes {
  const noteEarliest = defineRedisScript(client, 'homeportNoteEarliestWritten', 1, noteEarliestScript);
  const takeEarliest = defineRedisScript(client, 'homeportTakeEarliestWritten', 2, takeEarliestScript);
  // Only the value the round took: a lower one merged meanwhile (another round's take) stays.
  const deleteIfHolding = defineDeleteIfHolding(client);
  return {
    async note(points) {
      const timeMs = findEarliestRecent(points, lookbackMs);
      if (timeMs === undefined) return;
      await noteEarliest(earliestWrittenKey, String(timeMs));
    },
    async take() {
      const taken = await takeEarliest(earliestWrittenKey, earliestTakenKey);
      return typeof taken === 'string' ? Number(taken) : undefined;
    },
    async forget(timeMs) {
      await deleteIfHolding(earliestTakenKey, String(timeMs));
    },
  };
}
