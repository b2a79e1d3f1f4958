import { randomUUID } from 'node:crypto';
import { locationFixesReportedV1 } from '@homeport/contracts';
import { startServiceProcess, waitFor, type ServiceProcess } from '@homeport/testing';
import { batchFor, createHarness, fixAt, waitForEmptyOutbox, type Harness } from './support/harness';

const homeCount = 300;

jest.setTimeout(120_000);

describe('a geofencing process killed with SIGKILL while members leave', () => {
  let harness: Harness;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    // The "geofencing started" line is how the test knows it runs. The events the killed process had claimed
    // wait for their lease to run out before the next process publishes them.
    harness = await createHarness('geo_crash', { LOG_LEVEL: 'info', OUTBOX_LEASE_MS: '3000' });
  });
  afterAll(async () => {
    await Promise.all(processes.map((process) => process.killHard()));
    await harness.close();
  });

  const start = async (label: string) => {
    const started = await startServiceProcess({ service: 'geofencing', label, env: harness.env });
    processes.push(started);
    return started;
  };

  it("after a restart every home's exit and emptiness is published, each event under one message id", async () => {
    const first = await start('geofencing#1');
    const members = Array.from({ length: homeCount }, () => ({ homeId: randomUUID(), userId: randomUUID() }));
    const t0 = Date.now() - 600_000;
    await Promise.all(
      members.map(({ homeId, userId }) =>
        harness.bus.publish(locationFixesReportedV1, batchFor(userId, homeId, [fixAt(10, 15, t0)])),
      ),
    );
    await waitFor(() => harness.occupancy.events().length === homeCount, 'every home occupied', {
      timeoutMs: 30_000,
    });

    const exit = [fixAt(900, 20, t0 + 60_000), fixAt(1500, 20, t0 + 120_000)];
    await Promise.all(
      members.map(({ homeId, userId }) =>
        harness.bus.publish(locationFixesReportedV1, batchFor(userId, homeId, exit)),
      ),
    );
    await waitFor(() => harness.left.events().length >= homeCount / 10, 'some exits published');
    await first.killHard();
    const heardBeforeKill = harness.left.events().length;
    expect(heardBeforeKill).toBeLessThan(homeCount);

    await start('geofencing#2');
    const emptied = () =>
      new Set(harness.occupancy.heard.filter((m) => !m.payload.occupied).map((m) => m.payload.homeId));
    await waitFor(() => emptied().size === homeCount, 'every home empty', { timeoutMs: 45_000 });
    const leftHomes = new Set(harness.left.events().map((event) => event.homeId));
    expect(leftHomes.size).toBe(homeCount);
    // A copy published again after the kill carries its first copy's id: consumers can drop it.
    const idsPerHome = new Map<string, Set<string | undefined>>();
    for (const { payload, messageId } of harness.left.heard) {
      idsPerHome.set(payload.homeId, (idsPerHome.get(payload.homeId) ?? new Set()).add(messageId));
    }
    expect([...idsPerHome.values()].every((ids) => ids.size === 1)).toBe(true);
    await waitForEmptyOutbox(harness.pool);
  });
});
