import { deviceChangedV1 } from '@homeport/contracts';
import type { NamedStatement } from '@homeport/storage';
import {
  createTcpRelay,
  listenForEvents,
  readTestServerUrls,
  waitFor,
  type EventListener,
  type TcpRelay,
} from '@homeport/testing';
import type { Pool } from '../src/adapters/postgres';
import { createTestEnvironment, type TestEnvironment, type TestInstance } from './support/environment';
import { readMetric } from './support/metrics';
import { createLampVendor, provisionLamp } from './support/provisioning';

/**
 * The pool of an instance whose transactions fail at COMMIT while `failing.commits` is on, once they wrote a
 * device.changed event: the connection lost at the last moment, so the change and its event roll back.
 */
function failCommitsOfChanges(pool: Pool, failing: { commits: boolean }): Pool {
  return {
    query: <Row>(statement: string | NamedStatement, params?: unknown[]) =>
      pool.query<Row>(statement, params),
    end: () => pool.end(),
    async connect() {
      const client = await pool.connect();
      let wroteEvent = false;
      return {
        release: () => {
          client.release();
        },
        async query<Row>(statement: string | NamedStatement, params?: unknown[]) {
          const text = typeof statement === 'string' ? statement : statement.text;
          wroteEvent ||= text.includes('broker_api.outbox');
          if (text === 'COMMIT' && wroteEvent && failing.commits) {
            await client.query('ROLLBACK');
            throw Object.assign(new Error('connection lost at COMMIT'), { code: '08006' });
          }
          return client.query<Row>(statement, params);
        },
      };
    },
  };
}

describe('broker-api device.changed through its outbox', () => {
  let environment: TestEnvironment;
  let amqpRelay: TcpRelay;
  let instance: TestInstance;
  let changes: EventListener<typeof deviceChangedV1>;
  const failing = { commits: false };
  let vendorId: string;

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_device_changes');
    const amqp = new URL(readTestServerUrls().amqpUrl);
    amqpRelay = await createTcpRelay({ host: amqp.hostname, port: Number(amqp.port || 5672) });
    amqp.port = String(amqpRelay.port);
    instance = await environment.startInstance(
      { DEVICE_CHANGE_RELAY_MS: '200' },
      {
        amqpUrl: amqp.toString(),
        publishTimeoutMs: 1_000,
        wrapPool: (pool) => failCommitsOfChanges(pool, failing),
      },
    );
    changes = await listenForEvents(environment.amqpPrefix, deviceChangedV1);
    vendorId = await createLampVendor(instance);
  });
  afterAll(async () => {
    await changes.close();
    await environment.close();
    await amqpRelay.close();
  });

  const provision = () => provisionLamp(instance, vendorId);
  const heardOf = (deviceId: string) => changes.heard.filter((one) => one.payload.deviceId === deviceId);
  const countWaiting = async () => {
    const rows = await environment.pool.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM broker_api.outbox',
    );
    return rows.rows[0]?.count;
  };

  it('changes made while RabbitMQ is out of reach are published, in their order, once it is back', async () => {
    const device = await provision();
    await amqpRelay.pause();
    const failuresBefore = await readMetric(instance, 'broker_background_failures_total', {
      task: 'device-change-relay',
    });

    const claimed = await instance.api('POST', '/devices/claims', {
      claimCode: device.claimCode,
      ownerId: 'home-away',
    });
    const desired = await instance.api('PUT', `/devices/${device.id}/desired`, {
      state: { on: true },
      source: 'owner',
    });
    expect([claimed.status, desired.status]).toEqual([200, 200]);
    // The relay's publish timed out: the events wait in the outbox.
    await waitFor(
      async () =>
        (await readMetric(instance, 'broker_background_failures_total', { task: 'device-change-relay' })) >
        failuresBefore,
      'a relay round failing while RabbitMQ is away',
    );
    expect(heardOf(device.id)).toEqual([]);

    await amqpRelay.resume();
    await waitFor(() => heardOf(device.id).length >= 2, 'the changes published after RabbitMQ came back');
    await waitFor(async () => (await countWaiting()) === 0, 'the outbox emptied');
    const heard = heardOf(device.id);
    // A publish that timed out may still reach RabbitMQ after the reconnect: a copy under the same id.
    const byId = new Map(heard.map((one) => [one.messageId, one.payload]));
    expect([...byId.values()]).toMatchObject([
      { change: 'ownership', ownerId: 'home-away', vendorId },
      { change: 'desired', properties: ['on'], source: 'owner' },
    ]);
  }, 40_000);

  it('a change whose transaction rolls back at COMMIT publishes nothing; the next committed one is published', async () => {
    const device = await provision();
    const path = `/devices/${device.id}`;

    failing.commits = true;
    const refused = [
      await instance.api('PUT', `${path}/desired`, { state: { on: true } }),
      await instance.api('PATCH', path, { name: 'Hall lamp' }),
      await instance.api('POST', '/devices/claims', { claimCode: device.claimCode, ownerId: 'home-lost' }),
    ];
    failing.commits = false;
    expect(refused.map((answer) => answer.status)).toEqual([503, 503, 503]);
    const committed = await instance.api('PUT', `${path}/desired`, { state: { on: false } });
    expect(committed.status).toBe(200);

    // The relay publishes oldest first: an event of the rolled-back changes would have come before this one.
    await waitFor(() => heardOf(device.id).length >= 1, 'the committed change published');
    expect(heardOf(device.id).map((one) => one.payload)).toMatchObject([
      { change: 'desired', properties: ['on'] },
    ]);
    const read = await instance.api<{ name: string | null; ownerId: string | null }>('GET', path);
    expect(read.body).toMatchObject({ name: null, ownerId: null });
    expect(await countWaiting()).toBe(0);
  });
});
