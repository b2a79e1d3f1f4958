import { isDeepStrictEqual } from 'node:util';
import type { LiveLog } from './live-events';

/** A state the device reported, as its home's live log holds it. */
export interface ReportedState {
  readonly state: Record<string, unknown>;
  readonly reportedAt: Date;
}

/** True when the reported state holds every value of the desired-state patch. */
export function holdsPatch(state: Record<string, unknown>, patch: Record<string, unknown>): boolean {
  return Object.entries(patch).every(([property, value]) => isDeepStrictEqual(state[property], value));
}

/** Entries read at once while waiting: a busy home's other devices do not hold the wait up. */
const readBatch = 100;

/**
 * Waits up to `waitMs` for the device to report the patched values, following its home's live log (the one
 * `GET /v1/live` reads) from `from`, the log's position before the change was made: a report that arrives
 * between the change and the first read is not missed. Undefined when none came in time.
 */
export async function waitForReportedPatch(
  log: LiveLog,
  target: {
    readonly homeId: string;
    readonly deviceId: string;
    readonly from: string;
    readonly patch: Record<string, unknown>;
  },
  waitMs: number,
): Promise<ReportedState | undefined> {
  const { homeId, deviceId, patch } = target;
  const positions = new Map([[homeId, target.from]]);
  const deadline = Date.now() + waitMs;
  const reader = log.openReader();
  try {
    for (let leftMs = waitMs; leftMs > 0; leftMs = deadline - Date.now()) {
      for (const { position, event } of await reader.read(positions, leftMs, readBatch)) {
        positions.set(homeId, position);
        if (event.type !== 'device.state-changed' || event.data.deviceId !== deviceId) continue;
        if (holdsPatch(event.data.state, patch))
          return { state: event.data.state, reportedAt: new Date(event.data.reportedAt) };
      }
    }
    return undefined;
  } finally {
    reader.close();
  }
}
