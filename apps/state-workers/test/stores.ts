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
  type InfluxReader,
} from '@homeport/storage';
import { readTestServerUrls } from '@homeport/testing';
import type { SuiteServers } from './harness';

/** A device's row in PostgreSQL. */
export interface StoredRow {
  readonly state: Record<string, unknown>;
  readonly revision: number;
}

/** What the tests read back from the suite's stores. */
export interface SuiteStores {
  readonly influx: InfluxReader;
  readState(deviceId: string, vendorId?: string): Promise<StoredRow | undefined>;
  /** The cached document, checked against its contract, with the hash's revision field. */
  readCached(deviceId: string, vendorId?: string): Promise<CachedState | undefined>;
  /** The revision field of the device's cache hash (also set on a deleted device's tombstone). */
  readCachedRevision(deviceId: string, vendorId?: string): Promise<number | undefined>;
  /** Telemetry points per device_id (count of the field `n`, which every test point carries). */
  countTelemetryPoints(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

const isCacheDocument = compileValidator(DeviceStateCacheDocument);

/** A cached state as stored in Redis: the hash's revision and its document, checked against the contract. */
export interface CachedState {
  readonly revision: number;
  readonly document: DeviceStateCacheDocument;
}

/** Reads a device's cached state through a client with the suite's key prefix. */
export async function readCachedState(
  redis: ReturnType<typeof createRedisClient>,
  deviceId: string,
  vendorId = 'acme',
): Promise<CachedState | undefined> {
  const hash = await redis.hgetall(buildDeviceStateCacheKey(vendorId, deviceId));
  const text = hash[deviceStateCacheFields.document];
  if (text === undefined) return undefined;
  const document: unknown = JSON.parse(text);
  if (!isCacheDocument.isValid(document)) {
    throw new Error(`cached document breaks its contract: ${isCacheDocument.explain(document).join()}`);
  }
  return { revision: Number(hash[deviceStateCacheFields.revision]), document };
}

/** Opens readers on the suite's PostgreSQL database, Redis prefix and InfluxDB database. */
export function openSuiteStores(servers: SuiteServers): SuiteStores {
  const pool = createPostgresPool({ url: servers.database.url, max: 2 });
  const redis = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: servers.redis.keyPrefix });
  const influx = createInfluxReader({ url: servers.influx.url, database: servers.influx.database });
  return {
    influx,
    async readState(deviceId, vendorId = 'acme') {
      const { rows } = await pool.query<{ state: Record<string, unknown>; revision: string }>(
        'SELECT state, revision FROM state_workers.device_state WHERE vendor_id = $1 AND device_id = $2',
        [vendorId, deviceId],
      );
      const row = rows[0];
      return row === undefined ? undefined : { state: row.state, revision: Number(row.revision) };
    },
    readCached: (deviceId, vendorId) => readCachedState(redis, deviceId, vendorId),
    async readCachedRevision(deviceId, vendorId = 'acme') {
      const key = buildDeviceStateCacheKey(vendorId, deviceId);
      const revision = await redis.hget(key, deviceStateCacheFields.revision);
      return revision === null ? undefined : Number(revision);
    },
    async countTelemetryPoints() {
      const records = await influx.query(`SELECT count("n") FROM ${telemetryMeasurement} GROUP BY device_id`);
      return Object.fromEntries(
        records.map((record) => [record.tags.device_id ?? '', Number(record.values.count)]),
      );
    },
    async close() {
      redis.disconnect();
      await pool.end();
    },
  };
}
