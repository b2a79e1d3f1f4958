import { defineRedisScript, translateRedisError, type RedisClient } from '@homeport/storage';
import type { LiveEvent, LiveLog, LiveLogBounds, LiveLogEntry, LiveLogReader } from '../domain/live-events';
import { logStart } from '../domain/live-events';

// Each home's log is a Redis stream, beside a hash of the order of the last event appended per device and
// type; the hash tag keeps both in one slot (Redis Cluster), so one script reads and writes them atomically.
const streamKey = (homeId: string) => `live:{${homeId}}:events`;
const orderKey = (homeId: string) => `live:{${homeId}}:order`;

// KEYS: stream, order hash. ARGV: device+type field, order time, order sequence, event id, max length,
// event type, event JSON. Appends unless the device's last event of the type is newer, or is this one.
const appendScript = `
local last = redis.call('HGET', KEYS[2], ARGV[1])
local time, seq = tonumber(ARGV[2]), tonumber(ARGV[3])
if last then
  local lastTime, lastSeq, lastId = string.match(last, '^(%d+) (%d+) (.*)$')
  lastTime, lastSeq = tonumber(lastTime), tonumber(lastSeq)
  if time < lastTime or (time == lastTime and seq < lastSeq) then return 'stale' end
  if time == lastTime and seq == lastSeq and lastId == ARGV[4] then return 'duplicate' end
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ' ' .. ARGV[3] .. ' ' .. ARGV[4])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[5], '*', 'type', ARGV[6], 'data', ARGV[7])
return 'appended'`;

// KEYS: stream. The last id, and once entries were trimmed (more added than kept) the first id kept.
const boundsScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'0-0', '0-0'} end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local fields = {}
for i = 1, #info, 2 do fields[info[i]] = info[i + 1] end
local last = fields['last-generated-id']
if fields['entries-added'] <= fields['length'] then return {last, '0-0'} end
local first = fields['first-entry']
if first then return {last, first[1]} end
return {last, last}`;

type XReadReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

/**
 * The live logs in Redis Streams, shared by every replica: XADD with `MAXLEN ~` keeps about
 * `maxEventsPerHome` per home; each stream reads with XREAD BLOCK on a connection of its own.
 */
export function createRedisLiveLog({
  redis,
  maxEventsPerHome,
}: {
  redis: RedisClient;
  maxEventsPerHome: number;
}): LiveLog {
  const keyPrefix = redis.options.keyPrefix ?? '';
  // Every state change of a device in a home is appended: EVALSHA rather than the script's text each time.
  const appendEvent = defineRedisScript(redis, 'homeportLiveAppend', 2, appendScript);
  const readBounds = defineRedisScript(redis, 'homeportLiveBounds', 1, boundsScript);

  async function boundsOf(homeId: string): Promise<LiveLogBounds> {
    const reply = (await readBounds(streamKey(homeId))) as [string, string];
    return { last: reply[0], trimmedBefore: reply[1] };
  }

  function openReader(): LiveLogReader {
    const connection = redis.duplicate();
    connection.on('error', () => undefined);
    const state = { closed: false };
    // Read through a call: closing happens in between awaits, which narrowing cannot see.
    const isClosed = (): boolean => state.closed;
    return {
      async read(positions, waitMs, max) {
        if (state.closed || positions.size === 0) return [];
        const homes = new Map([...positions.keys()].map((id) => [keyPrefix + streamKey(id), id]));
        let reply: XReadReply;
        try {
          reply = await connection.xread(
            'COUNT',
            max,
            'BLOCK',
            waitMs,
            'STREAMS',
            ...[...positions.keys()].map(streamKey),
            ...positions.values(),
          );
        } catch (error) {
          if (isClosed()) return [];
          throw translateRedisError(error);
        }
        return (reply ?? []).flatMap(([key, entries]) => {
          const homeId = homes.get(key);
          return homeId === undefined ? [] : entries.map(([id, fields]) => toEntry(homeId, id, fields));
        });
      },
      close() {
        state.closed = true;
        connection.disconnect();
      },
    };
  }

  return {
    async append({ homeId, eventId, order, event }) {
      const outcome = await appendEvent(
        streamKey(homeId),
        orderKey(homeId),
        `${event.data.deviceId} ${event.type}`,
        order[0],
        order[1],
        eventId,
        maxEventsPerHome,
        event.type,
        JSON.stringify(event.data),
      );
      return outcome as 'appended' | 'duplicate' | 'stale';
    },
    async boundsOf(homeIds) {
      const bounds = await Promise.all(homeIds.map(boundsOf));
      return new Map(homeIds.map((homeId, index) => [homeId, bounds[index] ?? emptyBounds]));
    },
    openReader,
  };
}

const emptyBounds: LiveLogBounds = { last: logStart, trimmedBefore: logStart };

function toEntry(homeId: string, position: string, fields: string[]): LiveLogEntry {
  const value = (name: string) => fields[fields.indexOf(name) + 1] ?? '';
  // Written by the append script from a LiveEvent: the pair is one of ours.
  const event = { type: value('type'), data: JSON.parse(value('data')) as unknown } as LiveEvent;
  return { homeId, position, event };
}
