import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { homeMemberArrivedV1, locationFixesReportedV1 } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import { createLogger } from '@homeport/observability';
import { createPostgresPool, runMigrations, type SqlPool } from '@homeport/storage';
import { waitFor } from '@homeport/testing';
import type { RunningWorker } from '@homeport/service-runtime';
import { loadGeofencingSettings } from '../src/config';
import { migrateGeofencing } from '../src/migrations';
import { startGeofencingOn } from '../src/start-geofencing';
import { batchFor, createHarness, fixAt, waitForEmptyOutbox, type Harness } from './support/harness';

jest.setTimeout(30_000);

describe('geofencing: the outbox relay, on the real servers', () => {
  let harness: Harness;
  let pool: SqlPool;
  let service: RunningWorker;
  const refusedIds: (string | undefined)[] = [];

  beforeAll(async () => {
    harness = await createHarness('geo_relay');
    pool = createPostgresPool({ url: harness.env.DATABASE_URL ?? '', max: 4 });
    await migrateGeofencing({ pool });
    // RabbitMQ on the way out, but for the first arrival it is given: that publish fails, as an unconfirmed one.
    const bus: MessageBus = {
      ...harness.bus,
      publish(message, payload, options) {
        if (message.type === homeMemberArrivedV1.type && refusedIds.length === 0) {
          refusedIds.push(options?.messageId);
          return Promise.reject(new Error('RabbitMQ did not confirm the message'));
        }
        return harness.bus.publish(message, payload, options);
      },
    };
    service = await startGeofencingOn(loadGeofencingSettings(harness.env), {
      logger: createLogger({ service: 'geofencing', level: 'error' }),
      runtime: { bus, pool, readinessChecks: {} },
    });
  });
  afterAll(async () => {
    await service.close();
    await pool.end();
    await harness.close();
  });

  it('an arrival whose first publish failed is published by a later round, under the same message id, once', async () => {
    const [homeId, userId] = [randomUUID(), randomUUID()];
    await harness.bus.publish(locationFixesReportedV1, batchFor(userId, homeId, [fixAt(10, 15, Date.now())]));

    await waitFor(() => harness.arrived.heard.some((m) => m.payload.homeId === homeId), 'the arrival');
    await waitFor(() => harness.occupancy.events().some((e) => e.homeId === homeId), 'the home occupied');
    expect(refusedIds).toHaveLength(1);
    const arrivals = harness.arrived.heard.filter((m) => m.payload.homeId === homeId);
    expect(arrivals.map((m) => m.messageId)).toEqual(refusedIds);
    await waitForEmptyOutbox(pool);
  });
});

describe('geofencing: events an earlier version left in its outbox', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness('geo_outbox_upgrade');
  });
  afterAll(async () => {
    await harness.close();
  });

  it('are published after the upgrade, under the message ids they had', async () => {
    // The schema as it was before migration 005, with a member's exit and the emptied home still waiting.
    const before005 = await mkdtemp(path.join(tmpdir(), 'geofencing-migrations-'));
    const migrationsDir = path.join(__dirname, '..', 'migrations');
    for (const name of ['001_presence.sql', '002_automations.sql', '003_privacy.sql', '004_user_zones.sql']) {
      await cp(path.join(migrationsDir, name), path.join(before005, name));
    }
    await runMigrations({ pool: harness.pool, migrationsDir: before005, schema: 'geofencing' });
    await rm(before005, { recursive: true });
    const [homeId, userId, at] = [randomUUID(), randomUUID(), Date.now() - 60_000];
    const { rows } = await harness.pool.query<{ id: string }>(
      `INSERT INTO geofencing.outbox (type, payload, created_at) VALUES ('home.member-left.v1', $1, $3),
       ('home.occupancy-changed.v1', $2, $3) RETURNING id::text`,
      [
        { homeId, userId, reason: 'exited', at, detectedAt: at },
        { homeId, occupied: false, membersHome: 0, at },
        at,
      ],
    );

    await harness.startService();

    await waitFor(() => harness.occupancy.events().some((e) => e.homeId === homeId), 'the home emptied');
    await waitFor(() => harness.left.events().some((e) => e.homeId === homeId), 'the exit');
    const [left, emptied] = rows.map((row) => `geofencing/${row.id}`);
    expect(harness.left.heard.filter((m) => m.payload.homeId === homeId).map((m) => m.messageId)).toEqual([
      left,
    ]);
    expect(
      harness.occupancy.heard.filter((m) => m.payload.homeId === homeId).map((m) => m.messageId),
    ).toEqual([emptied]);
    await waitForEmptyOutbox(harness.pool);
  });
});
