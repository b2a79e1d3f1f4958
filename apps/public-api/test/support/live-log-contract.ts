import { randomUUID } from 'node:crypto';
import type { LiveEvent, LiveLog, LiveLogAppend } from '../../src/domain/live-events';
import { comparePositions, logStart } from '../../src/domain/live-events';

/** A live log of a test, with its clean-up. */
export interface TestLiveLog {
  readonly log: LiveLog;
  close(): Promise<void>;
}

/** The window every implementation is created with by the suite. */
export const contractWindow = 10;

/** The n-th state change of a device of a home, in order. */
export function stateChange(homeId: string, deviceId: string, n: number): LiveLogAppend {
  const event: LiveEvent = {
    type: 'device.state-changed',
    data: {
      homeId,
      vendorId: 'acme',
      deviceId,
      changed: { temperature: n },
      state: { temperature: n },
      reportedAt: new Date(1_763_719_200_000 + n).toISOString(),
    },
  };
  return { homeId, eventId: `${deviceId}/${n}`, order: [1_763_719_200_000 + n, n], event };
}

/**
 * The contract every LiveLog implementation passes (Redis Streams, in process): `create` makes one with a
 * window of `contractWindow` events per home (Redis trims by whole nodes: the window is approximate).
 */
export function describeLiveLogContract(name: string, create: () => Promise<TestLiveLog>): void {
  describe(`${name} (the LiveLog contract)`, () => {
    let subject: TestLiveLog;
    beforeEach(async () => {
      subject = await create();
    });
    afterEach(async () => {
      await subject.close();
    });
    const temperatures = (entries: { event: LiveEvent }[]) =>
      entries.map(({ event }) =>
        event.type === 'device.state-changed' ? event.data.state.temperature : null,
      );

    it('a home without events has both bounds at the start', async () => {
      const homeId = randomUUID();
      expect(await subject.log.boundsOf([homeId])).toEqual(
        new Map([[homeId, { last: logStart, trimmedBefore: logStart }]]),
      );
    });

    it('a reader waiting at the end of a home gets the event appended meanwhile', async () => {
      const homeId = randomUUID();
      const reader = subject.log.openReader();
      try {
        const reading = reader.read(new Map([[homeId, logStart]]), 10_000, 10);
        expect(await subject.log.append(stateChange(homeId, 'd1', 1))).toBe('appended');
        const entries = await reading;
        expect(entries).toMatchObject([{ homeId, event: { type: 'device.state-changed' } }]);
        expect((await subject.log.boundsOf([homeId])).get(homeId)?.last).toBe(entries[0]?.position);
      } finally {
        reader.close();
      }
    });

    it('entries after a position come in order per home, from every home asked, and no other', async () => {
      const [home1, home2, other] = [randomUUID(), randomUUID(), randomUUID()];
      for (let n = 1; n <= 3; n += 1) {
        await subject.log.append(stateChange(home1, 'd1', n));
        await subject.log.append(stateChange(home2, 'd2', n + 10));
        await subject.log.append(stateChange(other, 'd3', n + 20));
      }
      const reader = subject.log.openReader();
      try {
        const all = await reader.read(
          new Map([
            [home1, logStart],
            [home2, logStart],
          ]),
          100,
          100,
        );
        expect(temperatures(all.filter((entry) => entry.homeId === home1))).toEqual([1, 2, 3]);
        expect(temperatures(all.filter((entry) => entry.homeId === home2))).toEqual([11, 12, 13]);
        expect(all.some((entry) => entry.homeId === other)).toBe(false);
        const first = all.find((entry) => entry.homeId === home1)?.position ?? logStart;
        const rest = await reader.read(new Map([[home1, first]]), 100, 100);
        expect(temperatures(rest)).toEqual([2, 3]);
        expect(await reader.read(new Map([[home1, logStart]]), 100, 2)).toHaveLength(2);
      } finally {
        reader.close();
      }
    });

    it('a redelivered event is appended once, and an event older than the device last appended is stale', async () => {
      const homeId = randomUUID();
      expect(await subject.log.append(stateChange(homeId, 'd1', 2))).toBe('appended');
      expect(await subject.log.append(stateChange(homeId, 'd1', 2))).toBe('duplicate');
      expect(await subject.log.append(stateChange(homeId, 'd1', 1))).toBe('stale');
      // Order is kept per device: another device's older event is its own first.
      expect(await subject.log.append(stateChange(homeId, 'd2', 1))).toBe('appended');
      const reader = subject.log.openReader();
      try {
        expect(temperatures(await reader.read(new Map([[homeId, logStart]]), 100, 100))).toEqual([2, 1]);
      } finally {
        reader.close();
      }
    });

    it('past the window, the bounds name the first position still kept; before it, none', async () => {
      const homeId = randomUUID();
      await subject.log.append(stateChange(homeId, 'd1', 1));
      const first = (await subject.log.boundsOf([homeId])).get(homeId)?.last ?? logStart;
      expect((await subject.log.boundsOf([homeId])).get(homeId)?.trimmedBefore).toBe(logStart);
      for (let n = 2; n <= 300; n += 1) await subject.log.append(stateChange(homeId, 'd1', n));
      const trimmedBefore = (await subject.log.boundsOf([homeId])).get(homeId)?.trimmedBefore ?? logStart;
      expect(comparePositions(trimmedBefore, first)).toBeGreaterThan(0);
      const reader = subject.log.openReader();
      try {
        const kept = await reader.read(new Map([[homeId, logStart]]), 100, 1000);
        expect(kept.length).toBeLessThan(300);
        expect(kept[0]?.position).toBe(trimmedBefore);
        expect(temperatures(kept).at(-1)).toBe(300);
      } finally {
        reader.close();
      }
    });

    it('closing a reader ends the read it was waiting in, with nothing', async () => {
      const reader = subject.log.openReader();
      const reading = reader.read(new Map([[randomUUID(), logStart]]), 30_000, 10);
      reader.close();
      expect(await reading).toEqual([]);
    });
  });
}
