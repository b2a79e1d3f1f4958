import { randomUUID } from 'node:crypto';
import {
  homeMemberArrivedV1,
  homeMemberLeftV1,
  homeOccupancyChangedV1,
  locationFixesReportedV1,
  type LocationFix,
  type MessagePayload,
} from '@homeport/contracts';
import { createAmqpMessageBus, defaultConsumeOptions, type MessageBus } from '@homeport/messaging';
import { createLogger } from '@homeport/observability';
import { createPostgresPool, type SqlPool } from '@homeport/storage';
import {
  brokerApiToken,
  createTestDatabase,
  geofencingApiToken,
  createUniqueName,
  deleteAmqpTopology,
  listenForEvents,
  readTestServerUrls,
  waitFor,
  type EventListener,
  type TestDatabase,
} from '@homeport/testing';
import { computeDestinationPoint } from 'geolib';
import type { RunningWorker } from '@homeport/service-runtime';
import { loadGeofencingConfig } from '../../src/config';
import { geofencingQueues, startGeofencing } from '../../src/start-geofencing';

/** A batch of fixes as public-api publishes it. */
export type FixBatch = MessagePayload<typeof locationFixesReportedV1>;

/** The center of the test home, and its zone of 100 m. */
const homeCenter = { latitude: 48.8722, longitude: 2.3767 };

/** A fix `meters` east of the home's center (or towards `bearing`), taken at `at`. */
export function fixAt(meters: number, accuracyMeters: number, at: number, bearing = 90): LocationFix {
  const point = computeDestinationPoint(homeCenter, meters, bearing);
  return { latitude: point.latitude, longitude: point.longitude, accuracyMeters, at };
}

/** A batch of a user's fixes for one home of 100 m around homeCenter. */
export function batchFor(userId: string, homeId: string, fixes: LocationFix[]): FixBatch {
  return {
    batchId: randomUUID(),
    userId,
    source: 'homeport',
    phone: 'test phone',
    receivedAt: Date.now(),
    fixes,
    homes: [{ homeId, zone: { kind: 'circle', center: homeCenter, radiusMeters: 100 } }],
  };
}

/** The servers of one test file, a publisher's bus and listeners of the three presence events. */
/**
 * Waits until the outbox holds nothing: the relay removes a row once RabbitMQ confirmed its publish, which may
 * come after a consumer heard it.
 */
export async function waitForEmptyOutbox(pool: SqlPool): Promise<void> {
  const waiting = async () =>
    (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM geofencing.outbox')).rows[0]?.n;
  await waitFor(async () => (await waiting()) === 0, 'the outbox emptied');
}

export interface Harness {
  readonly bus: MessageBus;
  readonly pool: SqlPool;
  readonly env: Readonly<Record<string, string>>;
  readonly arrived: EventListener<typeof homeMemberArrivedV1>;
  readonly left: EventListener<typeof homeMemberLeftV1>;
  readonly occupancy: EventListener<typeof homeOccupancyChangedV1>;
  startService(): Promise<RunningWorker>;
  close(): Promise<void>;
}

/** Creates the file's database, AMQP prefix and listeners; `settings` are geofencing environment keys. */
export async function createHarness(
  purpose: string,
  settings: Record<string, string> = {},
): Promise<Harness> {
  const urls = readTestServerUrls();
  const database: TestDatabase = await createTestDatabase(purpose);
  const prefix = `${createUniqueName(purpose)}.`;
  const pool = createPostgresPool({ url: database.url, max: 2 });
  const bus = await createAmqpMessageBus({
    url: urls.amqpUrl,
    connectionName: `${prefix}publisher`,
    queues: geofencingQueues,
    namePrefix: prefix,
  });
  const env: Record<string, string> = {
    AMQP_URL: urls.amqpUrl,
    AMQP_NAME_PREFIX: prefix,
    DATABASE_URL: database.url,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    RETRY_DELAYS_MS: '100',
    OUTBOX_POLL_MS: '100',
    AUTOMATION_POLL_MS: '100',
    GEOFENCING_API_TOKEN: geofencingApiToken,
    BROKER_API_URL: 'http://127.0.0.1:9',
    BROKER_API_TOKEN: brokerApiToken,
    ...settings,
  };
  const listeners = {
    arrived: await listenForEvents(prefix, homeMemberArrivedV1),
    left: await listenForEvents(prefix, homeMemberLeftV1),
    occupancy: await listenForEvents(prefix, homeOccupancyChangedV1),
  };
  const services: RunningWorker[] = [];
  return {
    bus,
    pool,
    env,
    ...listeners,
    async startService() {
      const config = loadGeofencingConfig(env);
      const running = await startGeofencing(config, {
        logger: createLogger({ service: 'geofencing', level: config.LOG_LEVEL }),
      });
      services.push(running);
      return running;
    },
    async close() {
      await Promise.all(services.map((service) => service.close()));
      await Promise.all(Object.values(listeners).map((listener) => listener.close()));
      await bus.close();
      await pool.end();
      await deleteAmqpTopology(prefix, { busRetryDelaysMs: [...defaultConsumeOptions.retryDelaysMs, 100] });
      await database.drop();
    },
  };
}
