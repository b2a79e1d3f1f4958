import type {
  LiveAppendOutcome,
  LiveEvent,
  LiveLog,
  LiveLogBounds,
  LiveLogEntry,
  LiveOrder,
} from '../domain/live-events';
import { comparePositions, logStart } from '../domain/live-events';

interface HomeLog {
  entries: { position: string; event: LiveEvent }[];
  lastSequence: number;
  trimmedBefore: string;
  /** Per device and type: the order and id of the last event appended. */
  lastOrders: Map<string, { order: LiveOrder; eventId: string }>;
}

/** The live logs in this process (the embedded mode, a single process): the same rules as in Redis. */
export function createMemoryLiveLog({ maxEventsPerHome }: { maxEventsPerHome: number }): LiveLog {
  const logs = new Map<string, HomeLog>();
  const waiting = new Set<() => void>();

  const logOf = (homeId: string): HomeLog => {
    let log = logs.get(homeId);
    if (log === undefined) {
      log = { entries: [], lastSequence: 0, trimmedBefore: logStart, lastOrders: new Map() };
      logs.set(homeId, log);
    }
    return log;
  };

  function entriesAfter(positions: ReadonlyMap<string, string>, max: number): LiveLogEntry[] {
    const found: LiveLogEntry[] = [];
    for (const [homeId, after] of positions) {
      for (const entry of logs.get(homeId)?.entries ?? []) {
        if (found.length >= max) return found;
        if (comparePositions(entry.position, after) > 0) found.push({ homeId, ...entry });
      }
    }
    return found;
  }

  return {
    append({ homeId, eventId, order, event }) {
      const log = logOf(homeId);
      const key = `${event.data.deviceId} ${event.type}`;
      const last = log.lastOrders.get(key);
      const outcome = last === undefined ? 'appended' : compareTo(order, eventId, last);
      if (outcome !== 'appended') return Promise.resolve(outcome);
      log.lastOrders.set(key, { order, eventId });
      log.lastSequence += 1;
      log.entries.push({ position: `0-${log.lastSequence}`, event });
      const excess = log.entries.splice(0, Math.max(0, log.entries.length - maxEventsPerHome));
      if (excess.length > 0) log.trimmedBefore = log.entries[0]?.position ?? log.trimmedBefore;
      for (const wake of waiting) wake();
      return Promise.resolve(outcome);
    },
    boundsOf(homeIds) {
      const bounds = homeIds.map((homeId): [string, LiveLogBounds] => {
        const log = logs.get(homeId);
        const last = log === undefined ? logStart : `0-${log.lastSequence}`;
        return [homeId, { last, trimmedBefore: log?.trimmedBefore ?? logStart }];
      });
      return Promise.resolve(new Map(bounds));
    },
    openReader() {
      let stop: (() => void) | undefined;
      const state = { closed: false };
      // Read through a call: closing happens in between awaits, which narrowing cannot see.
      const isClosed = (): boolean => state.closed;
      return {
        async read(positions, waitMs, max) {
          const ready = entriesAfter(positions, max);
          if (ready.length > 0 || state.closed) return ready;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(wake, waitMs);
            function wake() {
              clearTimeout(timer);
              waiting.delete(wake);
              stop = undefined;
              resolve();
            }
            waiting.add(wake);
            stop = wake;
          });
          return isClosed() ? [] : entriesAfter(positions, max);
        },
        close() {
          state.closed = true;
          stop?.();
        },
      };
    },
  };
}

function compareTo(
  order: LiveOrder,
  eventId: string,
  last: { order: LiveOrder; eventId: string },
): LiveAppendOutcome {
  const difference = order[0] - last.order[0] || order[1] - last.order[1];
  if (difference < 0) return 'stale';
  return difference === 0 && eventId === last.eventId ? 'duplicate' : 'appended';
}
