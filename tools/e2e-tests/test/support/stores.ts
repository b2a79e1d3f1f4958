import {
  buildDeviceStateCacheKey,
  compileValidator,
  DeviceStateCacheDocument,
  deviceStateCacheFields,
  telemetryMeasurement,
} from '@homeport/contracts';
import {
  createInfluxReader,
  createPostgresPool,
  createRedisClient,
  type InfluxRecord,
} from '@homeport/storage';
import type { PipelineResources } from '@homeport/testing';

/**
 * Where state-workers keep what they store, as their README documents it: the table
 * `state_workers.device_state`, the contracts' cache hash, and the InfluxDB measurement of contracts'
 * time-series layout (tags vendor_id, device_id; one field per metric).
 */

/** A device's row in state-workers' PostgreSQL schema. */
export interface StoredState {
  readonly state: Record<string, unknown>;
  readonly revision: number;
}

/** Reads what the pipeline stored, the way a downstream reader (public-api, analytics) would. */
export interface PipelineStores {
  readState(vendorId: string, deviceId: string): Promise<StoredState | undefined>;
  /** The cached document (checked against its contract), read through state-workers' Redis key prefix. */
  readCachedState(vendorId: string, deviceId: string): Promise<DeviceStateCacheDocument | undefined>;
  /** The device's telemetry points (InfluxQL). */
  readTelemetry(vendorId: string, deviceId: string): Promise<InfluxRecord[]>;
  /** Telemetry points per device id of the vendor: the count of the field `n`, which every test point has. */
  countTelemetryPoints(vendorId: string): Promise<Map<string, number>>;
  close(): Promise<void>;
}

const isCacheDocument = compileValidator(DeviceStateCacheDocument);

/** Opens readers on the suite's state-workers database, Redis prefix and InfluxDB database. */
export function openPipelineStores(resources: PipelineResources): PipelineStores {
  const pool = createPostgresPool({ url: resources.workersDatabase.url, max: 2 });
  const redis = createRedisClient({
    url: resources.urls.redisUrl,
    keyPrefix: resources.redisPrefixes.workers,
  });
  const influx = createInfluxReader({ url: resources.influx.url, database: resources.influx.database });
  return {
    async readState(vendorId, deviceId) {
      const { rows } = await pool.query<{ state: Record<string, unknown>; revision: string }>(
        'SELECT state, revision FROM state_workers.device_state WHERE vendor_id = $1 AND device_id = $2',
        [vendorId, deviceId],
      );
      const row = rows[0];
      return row === undefined ? undefined : { state: row.state, revision: Number(row.revision) };
    },
    async readCachedState(vendorId, deviceId) {
      const hash = await redis.hgetall(buildDeviceStateCacheKey(vendorId, deviceId));
      const text = hash[deviceStateCacheFields.document];
      if (text === undefined) return undefined;
      const document: unknown = JSON.parse(text);
      if (!isCacheDocument.isValid(document)) {
        throw new Error(`cached state breaks its contract: ${isCacheDocument.explain(document).join('; ')}`);
      }
      return document;
    },
    readTelemetry: (vendorId, deviceId) =>
      influx.query(
        `SELECT * FROM ${telemetryMeasurement} WHERE vendor_id = '${vendorId}' AND device_id = '${deviceId}'`,
      ),
    async countTelemetryPoints(vendorId) {
      const records = await influx.query(
        `SELECT count("n") FROM ${telemetryMeasurement} WHERE vendor_id = '${vendorId}' GROUP BY device_id`,
      );
      return new Map(records.map((record) => [record.tags.device_id ?? '', Number(record.values.count)]));
    },
    async close() {
      redis.disconnect();
      await pool.end();
    },
  };
}
