/**
 * Bounds the messages a consumer holds parsed and unsettled, alone or as items of batches. The broker's
 * prefetch counts AMQP messages, and a backlog of batches would otherwise be parsed all at once (1,000
 * batches of about 100 items: +490 MB). Deliveries past the bound wait as their raw bodies, in order.
 */
export interface HeldItems {
  /** Resolves when the next delivery may be parsed: fewer than `max` items are held. */
  admit(): Promise<void>;
  /** The admitted delivery holds `count` items now (0 when it was refused unparsed); admits the next one. */
  hold(count: number): void;
  /** One held item settled. */
  release(): void;
}

/** One delivery is admitted at a time, between its admission and its `hold`, so the bound is never overshot by more than one batch. */
export function createHeldItems(max: number): HeldItems {
  let held = 0;
  let admitting = false;
  let waiting: (() => void)[] = [];
  let next = 0;

  const admitNext = (): void => {
    if (admitting || held >= max) return;
    const waiter = waiting[next];
    if (waiter === undefined) return;
    next += 1;
    if (next === waiting.length) {
      waiting = [];
      next = 0;
    }
    admitting = true;
    waiter();
  };

  return {
    admit() {
      return new Promise((resolve) => {
        waiting.push(resolve);
        admitNext();
      });
    },
    hold(count) {
      held += count;
      admitting = false;
      admitNext();
    },
    release() {
      held -= 1;
      admitNext();
    },
  };
}
