import type { PresenceRepository, RecordedConnection } from '../domain/presence';
import { queryRows } from '@homeport/storage';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Pool } from './postgres';

interface PresenceChange {
  readonly deviceId: string;
  readonly connectionId: string;
  readonly at: Date;
  /** Undefined when the change was ignored (an older connection's). */
  readonly resolve: (recorded: RecordedConnection | undefined) => void;
  readonly reject: (error: unknown) => void;
}

const batchColumns = 'unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(id, connection_id, at)';

// A connection older than the recorded one (a late event of a replaced session) changes nothing. The rows
// are locked first, in id order, so `was_online` is the status a concurrent offline (another replica's)
// committed, not the statement's snapshot of before it.
const markOnlineSql = `WITH u AS (SELECT * FROM ${batchColumns}),
  previous AS (SELECT d.id, d.online FROM broker_api.devices d JOIN u ON d.id = u.id ORDER BY d.id FOR UPDATE OF d)
  UPDATE broker_api.devices d
  SET online = true, last_seen_at = u.at, connection_id = u.connection_id, connected_since = u.at
  FROM u JOIN previous p ON p.id = u.id
  WHERE d.id = u.id AND (d.connected_since IS NULL OR d.connected_since <= u.at)
  RETURNING d.id, u.connection_id, d.owner_id, p.online AS was_online`;

const markOfflineSql = `UPDATE broker_api.devices d SET online = false, last_seen_at = u.at, connection_id = NULL
  FROM ${batchColumns}
  WHERE d.id = u.id AND d.connection_id = u.connection_id
  RETURNING d.id, u.connection_id, d.owner_id`;

interface ChangedRow {
  id: string;
  connection_id: string;
  owner_id: string | null;
  /** Only for online changes. */
  was_online?: boolean;
}

/** One UPDATE for many changes; each is told whether its row changed, and the device's home. */
async function applyChanges(pool: Pool, sql: string, changes: readonly PresenceChange[]): Promise<void> {
  if (changes.length === 0) return;
  try {
    const rows = await queryRows<ChangedRow>(pool, sql, [
      changes.map((change) => change.deviceId),
      changes.map((change) => change.connectionId),
      changes.map((change) => change.at.toISOString()),
    ]);
    const applied = new Map(
      rows.map((row) => [
        `${row.id}\n${row.connection_id}`,
        { ownerId: row.owner_id, wasOnline: row.was_online === true },
      ]),
    );
    for (const change of changes) change.resolve(applied.get(`${change.deviceId}\n${change.connectionId}`));
  } catch (error) {
    for (const change of changes) change.reject(error);
  }
}

/**
 * Of several connections of one device coming online in one batch, only the latest can be its current one
 * (an UPDATE joined to two rows for one target takes either): the others are told they were ignored, as a
 * replaced session's late event is.
 */
function latestPerDevice(changes: readonly PresenceChange[]): PresenceChange[] {
  const latest = new Map<string, PresenceChange>();
  for (const change of changes) {
    const current = latest.get(change.deviceId);
    if (current === undefined || current.at <= change.at) {
      current?.resolve(undefined);
      latest.set(change.deviceId, change);
    } else change.resolve(undefined);
  }
  return [...latest.values()];
}

/**
 * Least time between the starts of two presence batches. Without it a batch went out at every event-loop
 * turn that had a change (the round trip is shorter than a busy turn): a reconnect storm of 3,000 devices
 * made 1,162 one-to-three-row UPDATEs, each costing broker-api and PostgreSQL a statement's fixed work.
 * 50 ms makes it at most 20 batches a second, and delays a presence change by at most that much.
 */
const minBatchSpacingMs = 50;

/**
 * Online status and last-seen time of devices in PostgreSQL, written in batches: the changes made while
 * the previous batch was in flight, or within `minBatchSpacingMs` of its start (a reconnect storm:
 * thousands a second), go out as two UPDATEs, one for the connections that came online, then one for those
 * that ended, instead of one statement each. Batches run one at a time and online before offline, so a
 * short connection's end is never written before its start (which would leave the device online). A lone
 * change goes out at once (no timer) when the last batch started longer than the spacing ago.
 */
export function createPgPresenceRepository(pool: Pool): PresenceRepository {
  let online: PresenceChange[] = [];
  let offline: PresenceChange[] = [];
  let writing = false;
  let lastStartedAt = -Infinity;

  const writeBatches = async () => {
    writing = true;
    while (online.length > 0 || offline.length > 0) {
      const waitMs = lastStartedAt + minBatchSpacingMs - performance.now();
      if (waitMs > 0) await sleep(waitMs);
      lastStartedAt = performance.now();
      const onlineBatch = latestPerDevice(online);
      const offlineBatch = offline;
      online = [];
      offline = [];
      await applyChanges(pool, markOnlineSql, onlineBatch);
      await applyChanges(pool, markOfflineSql, offlineBatch);
    }
    writing = false;
  };

  const enqueue = (queue: 'online' | 'offline', deviceId: string, connectionId: string, at: Date) =>
    new Promise<RecordedConnection | undefined>((resolve, reject) => {
      (queue === 'online' ? online : offline).push({ deviceId, connectionId, at, resolve, reject });
      // After the poll phase, so the CONNECTs read in one poll share a batch.
      if (!writing) {
        writing = true;
        setImmediate(() => void writeBatches());
      }
    });

  return {
    markOnline: (deviceId, connectionId, at) => enqueue('online', deviceId, connectionId, at),
    markOffline: (deviceId, connectionId, at) => enqueue('offline', deviceId, connectionId, at),
  };
}
