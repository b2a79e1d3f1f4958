import { setTimeout as sleep } from 'node:timers/promises';

/** How `runPacedChunks` sizes its chunks and spaces them. */
export interface ChunkPacing {
  /** Items in the first chunk. */
  readonly firstSize: number;
  /** Most items in one chunk. */
  readonly maxSize: number;
  /** How long one chunk's work should take: each chunk is sized from the previous one's time. */
  readonly targetMs: number;
  /** After each chunk but the last, a pause of this many times the chunk's time. */
  readonly pauseRatio: number;
}

/**
 * How the time-series rollups spread their statements, on InfluxDB and on the SQL store: each sized toward
 * 25 ms of the store's time, then a pause twice as long, so the writes beside them wait for short bursts
 * only, and a round takes about three times its work (the 5-minute bucket of 1,000 devices at a message a
 * second: about 5 s on InfluxDB 1.6, two cores; a round must end well within contracts' `rollupSettleMs`).
 * At most 2,000 devices a statement (about 80 KB of InfluxQL), so a large fleet of quiet devices still
 * takes few statements.
 */
export const rollupPacing: ChunkPacing = { firstSize: 10, maxSize: 2000, targetMs: 25, pauseRatio: 2 };

/** The size of the next chunk: scaled toward the target time, at most doubled, at least one item. */
export function nextChunkSize(size: number, elapsedMs: number, pacing: ChunkPacing): number {
  const scaled = Math.floor((size * pacing.targetMs) / Math.max(elapsedMs, 1));
  return Math.max(1, Math.min(scaled, size * 2, pacing.maxSize));
}

/**
 * Runs `work` over `items` one chunk after the other, in order, each chunk sized so that its work takes
 * about `targetMs` and followed by a pause: one long job on a shared store becomes short bursts with room
 * between them for the store's other clients. Once `hurry` is aborted, the chunks follow each other at once.
 */
export async function runPacedChunks<T>(
  items: readonly T[],
  work: (chunk: readonly T[]) => Promise<void>,
  pacing: ChunkPacing,
  hurry?: AbortSignal,
): Promise<void> {
  let size = Math.max(1, Math.min(pacing.firstSize, pacing.maxSize));
  for (let start = 0; start < items.length;) {
    const chunk = items.slice(start, start + size);
    start += chunk.length;
    const startedMs = performance.now();
    await work(chunk);
    const elapsedMs = performance.now() - startedMs;
    size = nextChunkSize(size, elapsedMs, pacing);
    if (start < items.length && hurry?.aborted !== true) {
      await sleep(elapsedMs * pacing.pauseRatio, undefined, { signal: hurry }).catch(() => undefined);
    }
  }
}
