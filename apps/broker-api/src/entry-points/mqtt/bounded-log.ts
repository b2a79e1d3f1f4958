import type { Logger } from '@homeport/observability';
import { createRateLimiter } from '../../domain/rate-limiter';

// Per key: a burst of lines, then one a second. Plenty to see what happens, not a line per attempt of a
// storm (counters have every one).
const linesPerSecond = 1;
const lineBurst = 10;

/** Writes an info line unless its key has used up its lines. */
export type BoundedLog = (key: string, fields: Record<string, unknown>, message: string) => void;

/**
 * Info lines at a bounded rate per key (what a client can cause over and over: refusals, client errors):
 * 10, then one a second; the next line written after some were left out carries `notLogged`, their number.
 */
export function createBoundedLog(logger: Logger, now?: () => number): BoundedLog {
  const lines = createRateLimiter({ ratePerSecond: linesPerSecond, burst: lineBurst, maxKeys: 1_000, now });
  const leftOut = new Map<string, number>();
  return (key, fields, message) => {
    if (!lines.take(key)) {
      leftOut.set(key, (leftOut.get(key) ?? 0) + 1);
      return;
    }
    const notLogged = leftOut.get(key);
    leftOut.delete(key);
    logger.info(notLogged === undefined ? fields : { ...fields, notLogged }, message);
  };
}
