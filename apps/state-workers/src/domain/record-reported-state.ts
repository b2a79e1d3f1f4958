import { StateProperties, type deviceReportedV1, type MessagePayload } from '@homeport/contracts';
import { deriveEventId } from './event-ids';
import { buildOrderKey, readDeviceTime, requireUsableClock } from './message-order';
import type {
  DeviceStateCache,
  DeviceStateStore,
  EventPublisher,
  MergeResult,
  RecordedStateChange,
  TimeSeriesWriter,
} from './ports';
import { recordStateHistory } from './record-state-history';

/** A reported-state message as fan-out enveloped it. */
export type DeviceReported = MessagePayload<typeof deviceReportedV1>;

/**
 * What recording a report did: `changed` (a value differs: event published), `unchanged` (newer, same
 * values), `replayed` (merged before, e.g. redelivered after a crash: cache and event done again), `stale`
 * (every property it carries is already newer: nothing to do).
 */
export type ReportedStateOutcome = 'changed' | 'unchanged' | 'replayed' | 'stale';

/** Most properties a device's merged state may hold: the limit of every state on the wire (events carry it). */
export const maxStateProperties = (StateProperties as { maxProperties?: number }).maxProperties ?? 256;

/** Dependencies of the reported-state use case. */
export interface RecordReportedStateDeps {
  readonly store: DeviceStateStore;
  readonly cache: DeviceStateCache;
  readonly events: EventPublisher;
  /** Where the reported-state history's points go (record-state-history.ts). */
  readonly history: TimeSeriesWriter;
}

/**
 * Merges a report into the device's current state (PostgreSQL, newest per property wins), then updates
 * the cached copy, then publishes what changed. The change is recorded with the state in one statement,
 * so a crash before the publish is repaired when the message comes back: it is `replayed`, which
 * rewrites the cache and publishes the recorded event again (a duplicate at worst, never a loss).
 * Once merged, the report's history point is written beside the cache write and the publish: neither waits
 * for the other's batch, and the message is handled (acked) only when both are done.
 */
export function createRecordReportedState(
  deps: RecordReportedStateDeps,
): (message: DeviceReported) => Promise<ReportedStateOutcome> {
  return async (message) => {
    requireUsableClock(message);
    const result = await deps.store.mergeReported({
      vendorId: message.vendorId,
      deviceId: message.deviceId,
      messageId: message.messageId,
      properties: message.payload.state,
      order: buildOrderKey(message),
      seq: message.payload.seq,
      reportedAt: readDeviceTime(message),
      maxProperties: maxStateProperties,
    });
    const [outcome] = await Promise.all([announce(deps, result), recordStateHistory(deps.history, message)]);
    return outcome;
  };
}

/** The cache write, then the event: a consumer of the event that reads the cache finds this state. */
async function announce(deps: RecordReportedStateDeps, result: MergeResult): Promise<ReportedStateOutcome> {
  if (result.outcome === 'stale') return 'stale';
  await deps.cache.write(result.current);
  if (result.change === undefined) return 'unchanged';
  await publishChange(deps.events, result.change);
  return result.outcome === 'replayed' ? 'replayed' : 'changed';
}

function publishChange(events: EventPublisher, change: RecordedStateChange): Promise<void> {
  const { vendorId, deviceId } = change.event;
  const eventId = deriveEventId('state-changed', [vendorId, deviceId, change.revision]);
  return events.publishStateChanged(change.event, eventId);
}
