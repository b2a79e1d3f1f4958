import { randomUUID } from 'node:crypto';
import { geofencingLocationFixesQueue, locationFixesReportedV1 } from '@homeport/contracts';
import { sleep, waitFor } from '@homeport/testing';
import { batchFor, createHarness, fixAt, type FixBatch, type Harness } from './support/harness';

jest.setTimeout(30_000);

describe('geofencing: member presence and home occupancy from fixes, on the real servers', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness('geo_presence');
    await harness.startService();
  });
  afterAll(async () => {
    await harness.close();
  });

  const publish = (batch: FixBatch) => harness.bus.publish(locationFixesReportedV1, batch);
  const eventsOf = (homeId: string) => ({
    arrived: harness.arrived.events().filter((event) => event.homeId === homeId),
    left: harness.left.events().filter((event) => event.homeId === homeId),
    occupancy: harness.occupancy.events().filter((event) => event.homeId === homeId),
  });

  it('two members home; the first leaving empties nothing, the second empties the home, one back occupies it', async () => {
    const homeId = randomUUID();
    const [ada, bob] = [randomUUID(), randomUUID()];
    const t0 = Date.now() - 600_000;
    await publish(batchFor(ada, homeId, [fixAt(20, 15, t0)]));
    await publish(batchFor(bob, homeId, [fixAt(30, 15, t0 + 1000)]));
    await waitFor(() => eventsOf(homeId).arrived.length === 2, 'both arrivals');
    expect(eventsOf(homeId).occupancy.map((event) => event.occupied)).toEqual([true]);

    await publish(batchFor(ada, homeId, [fixAt(800, 20, t0 + 60_000), fixAt(1200, 20, t0 + 90_000)]));
    await waitFor(() => eventsOf(homeId).left.length === 1, "ada's exit");
    expect(eventsOf(homeId).left[0]).toMatchObject({ userId: ada, reason: 'exited', at: t0 + 90_000 });
    expect(eventsOf(homeId).occupancy).toHaveLength(1);

    await publish(batchFor(bob, homeId, [fixAt(700, 20, t0 + 120_000), fixAt(900, 20, t0 + 150_000)]));
    await waitFor(() => eventsOf(homeId).occupancy.length === 2, 'the home empty');
    expect(eventsOf(homeId).occupancy[1]).toMatchObject({ occupied: false, membersHome: 0 });

    await publish(batchFor(ada, homeId, [fixAt(40, 25, t0 + 300_000)]));
    await waitFor(() => eventsOf(homeId).occupancy.length === 3, 'the home occupied again');
    expect(eventsOf(homeId).occupancy[2]).toMatchObject({ occupied: true, membersHome: 1 });
    // The first two batches were handled side by side (either may come first); ada's return came last.
    const arrivals = eventsOf(homeId).arrived.map((event) => event.userId);
    expect(arrivals.slice(0, 2).sort()).toEqual([ada, bob].sort());
    expect(arrivals[2]).toBe(ada);
  });

  it('a batch delivered twice, and a phone at the edge with 60-80 m jitter, publish one arrival and nothing else', async () => {
    const homeId = randomUUID();
    const member = randomUUID();
    const t0 = Date.now() - 600_000;
    const fixes = Array.from({ length: 100 }, (_, index) =>
      fixAt(90 + ((index * 37) % 81) - 40, 60 + ((index * 13) % 21), t0 + index * 6000, (index * 53) % 360),
    );
    const batch = batchFor(member, homeId, fixes);
    await publish(batch);
    await publish(batch);
    await waitFor(() => eventsOf(homeId).arrived.length === 1, 'the arrival');
    // Time for anything else the copies might have caused.
    await sleep(500);
    expect(eventsOf(homeId).arrived).toHaveLength(1);
    expect(eventsOf(homeId).left).toEqual([]);
    expect(eventsOf(homeId).occupancy).toHaveLength(1);
  });

  it('a batch with a fix dated an hour ahead is dead-lettered with the reason, and changes nothing', async () => {
    const homeId = randomUUID();
    await publish(batchFor(randomUUID(), homeId, [fixAt(10, 10, Date.now() + 3_600_000)]));
    const deadLetters = await waitForDeadLetters();
    expect(deadLetters.map((letter) => letter.errorCode)).toEqual(['FIX_TIME_INVALID']);
    expect(deadLetters[0]?.reason).toMatch(/future/);
    expect(eventsOf(homeId).arrived).toEqual([]);
  });

  async function waitForDeadLetters() {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const letters = await harness.bus.takeDeadLetters(geofencingLocationFixesQueue, 10);
      if (letters.length > 0) return letters;
      await sleep(100);
    }
    throw new Error('no dead letter');
  }
});
