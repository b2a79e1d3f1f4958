import type { RedisClient } from '@homeport/storage';

/** aedes-persistence-redis' key prefix of a session's queue of outgoing packet keys (`outgoing:<client>`). */
const sessionQueuePrefix = 'outgoing:';

/**
 * Makes aedes-persistence-redis remove an acknowledged packet from a session's queue at its first
 * occurrence. It removes it with `LREM outgoing:<client> 0 <packet key>`, which scans the whole list on
 * every PUBACK: with fan-out's queue at 15,000 packets that was 121 µs a call and 80% of Redis' time in
 * `npm run bench`, and the slower acknowledgements let the queue grow further. A packet is queued once per
 * session and acknowledgements arrive in order, so `LREM ... 1 ...` removes the same entry and stops at
 * it, near the head. Other lists (wills) keep their remove-every-copy count.
 */
export function removeQueuedPacketsAtFirstMatch(redis: RedisClient): void {
  const remove = redis.lrem.bind(redis);
  redis.lrem = (key: string, count: number | string, element: string) =>
    remove(key, Number(count) === 0 && key.startsWith(sessionQueuePrefix) ? 1 : count, element);
}
