import { translateRedisError, type RedisClient } from '@homeport/storage';
import { findEarliestRecent, type WrittenTimes } from '../domain/recent-rollups';

/** state-workers' own key (no other service reads it), under the client's key prefix. */
const earliestWrittenKey = 'state-workers:rollups:earliest-written';

type NoteEarliest = (key: string, timeMs: string) => Promise<number>;

const commandName = 'homeportNoteEarliestWritten';

// The lower of the stored time and this one, in one script: replicas note at once.
const noteEarliestScript = `
local stored = redis.call('GET', KEYS[1])
if stored and tonumber(stored) <= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;

/**
 * WrittenTimes shared by every replica on Redis: one key holding the earliest time noted, lowered by a
 * script (one command a batch of points), taken with GETDEL by whichever replica's round comes first. A
 * replica killed after its points were stored (and acknowledged) leaves their note to the others' next
 * round, rather than to its own restart.
 */
export function createRedisWrittenTimes(client: RedisClient, lookbackMs: number): WrittenTimes {
  client.defineCommand(commandName, { numberOfKeys: 1, lua: noteEarliestScript });
  const noteEarliest = (client as unknown as Record<string, NoteEarliest>)[commandName];
  if (noteEarliest === undefined) throw new Error(`ioredis did not define ${commandName}`);
  return {
    async note(points) {
      const timeMs = findEarliestRecent(points, lookbackMs);
      if (timeMs === undefined) return;
      try {
        await noteEarliest.call(client, earliestWrittenKey, String(timeMs));
      } catch (error) {
        throw translateRedisError(error);
      }
    },
    async take() {
      try {
        const taken = await client.getdel(earliestWrittenKey);
        return taken === null ? undefined : Number(taken);
      } catch (error) {
        throw translateRedisError(error);
      }
    },
  };
}
