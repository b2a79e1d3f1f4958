import { telemetryMeasurement } from '@homeport/contracts';
import { createInfluxReader, createPostgresPool } from '@homeport/storage';
import type { PipelineResources } from '@homeport/testing';
import type { StoredState } from './accounting';

/** Reads what the platform stored, the way a downstream reader would. */
export interface ChaosStores {
  /** Point times per device id of the vendor. */
  readPointTimes(vendorId: string, deviceIds: readonly string[]): Promise<Map<string, Set<number>>>;
  /** Points of the vendor, all devices. */
  countPoints(vendorId: string): Promise<number>;
  /** Each device's state and the seq of the newest report merged into it (newest epoch, then highest seq). */
  readStates(vendorId: string): Promise<Map<string, StoredState>>;
  close(): Promise<void>;
}

/** Opens readers on the run's state-workers database and InfluxDB database. */
export function openChaosStores(resources: PipelineResources): ChaosStores {
  const pool = createPostgresPool({ url: resources.workersDatabase.url, max: 2 });
  const influx = createInfluxReader({ url: resources.influx.url, database: resources.influx.database });
  return {
    async readPointTimes(vendorId, deviceIds) {
      const times = new Map<string, Set<number>>();
      // One device at a time: a whole run's points in one answer could pass InfluxDB's row limit.
      for (const deviceId of deviceIds) {
        const records = await influx.query(
          `SELECT "temperature" FROM ${telemetryMeasurement} ` +
            `WHERE vendor_id = '${vendorId}' AND device_id = '${deviceId}'`,
        );
        times.set(deviceId, new Set(records.map((record) => Number(record.values.time))));
      }
      return times;
    },
    async countPoints(vendorId) {
      const records = await influx.query(
        `SELECT count("temperature") FROM ${telemetryMeasurement} WHERE vendor_id = '${vendorId}'`,
      );
      return Number(records[0]?.values.count ?? 0);
    },
    async readStates(vendorId) {
      // newest_key: the greatest order key [epoch, seq, ts, receivedAt] merged into the row, whose seq is that
      // of the last report merged; when not known, the greatest of the per-property keys in versions
      // (state-workers' migrations/006 and 009).
      const { rows } = await pool.query<{ device_id: string; state: Record<string, unknown>; seq: string }>(
        `SELECT device_id, state,
                coalesce((newest_key ->> 1)::bigint,
                  (SELECT (key_value ->> 1)::bigint FROM jsonb_each(versions) AS v(key, key_value)
                    ORDER BY (key_value ->> 0)::bigint DESC, (key_value ->> 1)::bigint DESC LIMIT 1)) AS seq
           FROM state_workers.device_state WHERE vendor_id = $1`,
        [vendorId],
      );
      return new Map(rows.map((row) => [row.device_id, { state: row.state, seq: Number(row.seq) }]));
    },
    close: () => pool.end(),
  };
}
