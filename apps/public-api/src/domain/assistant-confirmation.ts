import { isDeepStrictEqual } from 'node:util';
import { comparePositions, type LiveLog, type LiveLogEntry, type LiveLogReader } from './live-events';

/** A state the device reported, as its home's live log holds it. */
export interface ReportedState {
  readonly state: Record<string, unknown>;
  readonly reportedAt: Date;
}

/** True when the reported state holds every value of the desired-state patch. */
export function holdsPatch(state: Record<string, unknown>, patch: Record<string, unknown>): boolean {
  return Object.entries(patch).every(([property, value]) => isDeepStrictEqual(state[property], value));
}

/** What a change waits for: the device of a home reporting the patched values after `from`. */
export interface ReportTarget {
  readonly homeId: string;
  readonly deviceId: string;
  /** The log's position before the change was made: a report between the change and the first read counts. */
  readonly from: string;
  readonly patch: Record<string, unknown>;
}

/** Waits for devices' confirmations, on one reader of the homes' live logs per replica. */
export interface ReportWaits {
  /** The device's report holding the patch, or undefined when none came within `waitMs`. */
  waitFor(target: ReportTarget, waitMs: number): Promise<ReportedState | undefined>;
  /** Ends every wait (undefined) and the reader. */
  close(): Promise<void>;
}

interface Wait extends ReportTarget {
  readonly deadline: number;
  settle(report: ReportedState | undefined): void;
  fail(error: unknown): void;
}

/** Entries read at once per home: a busy home's other devices do not hold the waits up. */
const readBatch = 100;
/**
 * The longest read: a wait for a home the read in progress does not follow joins the next one (it reads
 * from the wait's `from`, so nothing is missed, only seen up to this much later).
 */
const readSliceMs = 100;

function reportOf(wait: Wait, { position, event }: LiveLogEntry): ReportedState | undefined {
  if (event.type !== 'device.state-changed' || event.data.deviceId !== wait.deviceId) return undefined;
  if (comparePositions(position, wait.from) <= 0 || !holdsPatch(event.data.state, wait.patch))
    return undefined;
  return { state: event.data.state, reportedAt: new Date(event.data.reportedAt) };
}

/**
 * Every change awaiting its device's confirmation on this replica follows the homes' live logs (the ones
 * `GET /v1/live` reads) through one shared reader: one Redis connection, whatever the number of waits, and
 * one blocking read at a time over the homes being waited on, each from the earliest position a wait needs.
 */
export function createReportWaits(log: LiveLog): ReportWaits {
  const waits = new Set<Wait>();
  /** Per home waited on: the position the next read starts after. */
  const positions = new Map<string, string>();
  let reader: LiveLogReader | undefined;
  let running: Promise<void> | undefined;
  const state = { closed: false };

  function end(wait: Wait, report: ReportedState | undefined) {
    waits.delete(wait);
    wait.settle(report);
  }

  /** Each home's next read starts after what was read (entries come in log order per home). */
  function advance(read: ReadonlyMap<string, string>, entries: readonly LiveLogEntry[]) {
    const last = new Map(entries.map(({ homeId, position }) => [homeId, position]));
    for (const [homeId, position] of last) {
      // A wait that joined during the read may need an earlier position: it keeps it (a re-read is harmless).
      if (positions.get(homeId) === read.get(homeId)) positions.set(homeId, position);
    }
  }

  async function run(): Promise<void> {
    reader ??= log.openReader();
    while (waits.size > 0 && !state.closed) {
      const deadline = Math.min(...[...waits].map((wait) => wait.deadline));
      const read = new Map(positions);
      let entries: LiveLogEntry[];
      try {
        entries = await reader.read(
          read,
          Math.max(1, Math.min(readSliceMs, deadline - Date.now())),
          readBatch,
        );
      } catch (error) {
        for (const wait of waits) wait.fail(error);
        waits.clear();
        break;
      }
      for (const entry of entries) {
        for (const wait of waits) {
          if (wait.homeId !== entry.homeId) continue;
          const report = reportOf(wait, entry);
          if (report !== undefined) end(wait, report);
        }
      }
      advance(read, entries);
      const now = Date.now();
      for (const wait of waits) if (wait.deadline <= now) end(wait, undefined);
      for (const homeId of positions.keys())
        if (![...waits].some((wait) => wait.homeId === homeId)) positions.delete(homeId);
    }
    running = undefined;
  }

  return {
    waitFor(target, waitMs) {
      if (state.closed || waitMs <= 0) return Promise.resolve(undefined);
      return new Promise((resolve, reject) => {
        waits.add({ ...target, deadline: Date.now() + waitMs, settle: resolve, fail: reject });
        const at = positions.get(target.homeId);
        if (at === undefined || comparePositions(target.from, at) < 0)
          positions.set(target.homeId, target.from);
        running ??= run();
      });
    },
    async close() {
      state.closed = true;
      for (const wait of [...waits]) end(wait, undefined);
      reader?.close();
      await running;
    },
  };
}
