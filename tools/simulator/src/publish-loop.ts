import type { Random } from './random';

/** Something that publishes one message when told to (a device session). */
export interface Publisher {
  publishNext(): void;
}

/** Settings of `runPublishLoop`. */
export interface PublishLoopOptions {
  /** Messages per second of each publisher. */
  readonly ratePerSecond: number;
  /** Ends after this long (Infinity: only by `messagesPerPublisher` or `signal`). */
  readonly durationMs: number;
  /** Ends when every publisher has published this many. */
  readonly messagesPerPublisher?: number;
  readonly signal?: AbortSignal;
  /** Spreads the publishers' first messages over one period, so they do not all publish in the same tick. */
  readonly random: Random;
  /**
   * How often the loop looks for publishers that are due; default half a period, within 10 to 100 ms. Many
   * slow publishers adding up to a high rate (a load test) want a short tick: a 100 ms tick would send
   * their messages in bursts of a tenth of a second's worth.
   */
  readonly tickMs?: number;
}

/** A publisher that fell this many periods behind (a stalled event loop) skips them rather than bursting. */
const maxCatchUpPerTick = 5;

/**
 * Makes each publisher publish at `ratePerSecond`, start times spread over one period, until the duration
 * is over, each has published its count, or the signal aborts. Resolves with how long it ran (ms).
 */
export function runPublishLoop(
  publishers: readonly Publisher[],
  options: PublishLoopOptions,
): Promise<number> {
  const periodMs = 1000 / options.ratePerSecond;
  const tickMs = options.tickMs ?? Math.min(100, Math.max(10, periodMs / 2));
  const limit = options.messagesPerPublisher ?? Infinity;
  const startedAt = performance.now();
  const schedule = publishers.map((publisher) => ({
    publisher,
    nextAtMs: startedAt + options.random.next() * periodMs,
    sent: 0,
  }));

  return new Promise((resolve) => {
    const finish = () => {
      clearInterval(timer);
      options.signal?.removeEventListener('abort', finish);
      resolve(performance.now() - startedAt);
    };
    const tick = () => {
      const now = performance.now();
      for (const entry of schedule) {
        let burst = 0;
        while (entry.nextAtMs <= now && entry.sent < limit && burst < maxCatchUpPerTick) {
          entry.publisher.publishNext();
          entry.sent += 1;
          entry.nextAtMs += periodMs;
          burst += 1;
        }
        if (entry.nextAtMs <= now) entry.nextAtMs = now + periodMs;
      }
      const allSent = schedule.every((entry) => entry.sent >= limit);
      if (allSent || now - startedAt >= options.durationMs) finish();
    };
    const timer = setInterval(tick, tickMs);
    if (options.signal?.aborted === true) finish();
    else options.signal?.addEventListener('abort', finish, { once: true });
  });
}
