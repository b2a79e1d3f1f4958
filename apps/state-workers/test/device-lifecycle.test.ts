import {
  deviceCredentialIssuedV1,
  deviceDeletedV1,
  deviceReportedV1,
  stateWorkersQueue,
} from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import { waitFor } from '@homeport/testing';
import type { DeviceReported } from '../src/domain/record-reported-state';
import type { RunningStateWorkers } from '../src/start-state-workers';
import { countOutcomes } from './events';
import { baseTime, reported } from './fixtures';
import { createSuiteServers, createTestBus, startTestWorkers, type SuiteServers } from './harness';
import { openSuiteStores, type SuiteStores } from './stores';

/** A report received by fan-out at `receivedAt` (ms after baseTime), with any `seq`. */
function reportedAt(deviceId: string, seq: number, afterMs: number, state: Record<string, unknown>) {
  const message: DeviceReported = {
    messageId: `acme/${deviceId}/reported/${seq}/${afterMs}`,
    vendorId: 'acme',
    deviceId,
    receivedAt: baseTime + afterMs,
    payload: { seq, state },
  };
  return message;
}

describe('state-workers and the device lifecycle (deletion, new credentials)', () => {
  let servers: SuiteServers;
  let stores: SuiteStores;
  let workers: RunningStateWorkers;
  let bus: MessageBus;

  beforeAll(async () => {
    servers = await createSuiteServers('sw_lifecycle');
    workers = await startTestWorkers(servers);
    stores = openSuiteStores(servers);
    bus = await createTestBus(servers, [stateWorkersQueue]);
  });

  afterAll(async () => {
    await bus.close();
    await workers.close();
    await stores.close();
    await servers.drop();
  });

  const handled = (outcome: string) => countOutcomes(workers.metrics, outcome);
  /** Publishes a report and waits until the workers handled it with `outcome`. */
  const publishExpecting = async (message: DeviceReported, outcome: string) => {
    const before = await handled(outcome);
    await bus.publish(deviceReportedV1, message);
    await waitFor(async () => (await handled(outcome)) === before + 1, `a ${outcome} report`);
  };
  /** Publishes a lifecycle event and waits until the workers handled it. */
  const publishEvent = async (publish: () => Promise<void>) => {
    const recorded = await handled('recorded');
    await publish();
    await waitFor(async () => (await handled('recorded')) === recorded + 1, 'the lifecycle event');
  };
  const issueCredential = (deviceId: string, afterMs: number) =>
    publishEvent(() =>
      bus.publish(deviceCredentialIssuedV1, {
        vendorId: 'acme',
        deviceId,
        credentialId: `cred-${afterMs}`,
        issuedAt: baseTime + afterMs,
      }),
    );
  const stateOf = async (deviceId: string) => (await stores.readState(deviceId))?.state;

  it('a deleted device is forgotten, a late report of it changes nothing, and a re-created one starts clean', async () => {
    await publishExpecting(reported('gone-1', 1, { temperature: 20.5, mode: 'heat' }), 'changed');
    const deletion = { vendorId: 'acme', deviceId: 'gone-1', deletedAt: baseTime + 10_000 };

    await bus.publish(deviceDeletedV1, deletion);
    await waitFor(async () => (await stores.readCachedRevision('gone-1')) === 2, 'the cache tombstone');
    expect(await stores.readState('gone-1')).toEqual({ state: {}, revision: 2 });
    expect(await stores.readCached('gone-1')).toBeUndefined();

    // Received before the deletion, still in the queue: dropped, however new its seq.
    await publishExpecting(reported('gone-1', 2, { temperature: 99 }), 'stale');
    await publishExpecting(reportedAt('gone-1', 1, 11_000, { mode: 'eco' }), 'changed');
    expect(await stores.readState('gone-1')).toEqual({ state: { mode: 'eco' }, revision: 3 });
    expect((await stores.readCached('gone-1'))?.document.state).toEqual({ mode: 'eco' });

    // A redelivered deletion keeps what the re-created device reported.
    await publishEvent(() => bus.publish(deviceDeletedV1, deletion));
    expect(await stores.readState('gone-1')).toEqual({ state: { mode: 'eco' }, revision: 3 });
  });

  it('after seq was pushed to MAX_SAFE_INTEGER, a new credential lets the next report with seq 1 apply', async () => {
    const maximum = Number.MAX_SAFE_INTEGER;
    await publishExpecting(reportedAt('stolen-1', maximum, 1000, { setpoint: 30 }), 'changed');
    await publishExpecting(reportedAt('stolen-1', 7, 2000, { setpoint: 20 }), 'stale');

    await issueCredential('stolen-1', 3000);

    await publishExpecting(reportedAt('stolen-1', 1, 4000, { setpoint: 21 }), 'changed');
    expect(await stateOf('stolen-1')).toEqual({ setpoint: 21 });
    // The old credential's late reports rank below the new epoch, whatever their seq.
    await publishExpecting(reportedAt('stolen-1', maximum, 2500, { setpoint: 35 }), 'stale');
    await publishExpecting(reportedAt('stolen-1', 2, 5000, { setpoint: 22 }), 'changed');
    expect(await stateOf('stolen-1')).toEqual({ setpoint: 22 });
  });

  it('a report received after a new credential but merged before it stays ordered within the new epoch', async () => {
    await publishExpecting(reportedAt('early-1', 100, 4000, { mode: 'heat' }), 'changed');

    await issueCredential('early-1', 3000);

    // Same epoch as the stored value (received after the start), lower seq: older.
    await publishExpecting(reportedAt('early-1', 50, 3500, { mode: 'off' }), 'stale');
    expect(await stateOf('early-1')).toEqual({ mode: 'heat' });
  });
});
