import { deviceReportedV1 } from '@homeport/contracts';
import type {
  DeviceStateChanged,
  EventPublisher,
  MergeResult,
  RecordedStateChange,
  StoredDeviceState,
  TimeSeriesPoint,
} from './ports';
import { createRecordReportedState } from './record-reported-state';

const current: StoredDeviceState = {
  vendorId: 'acme',
  deviceId: 'thermostat-0042',
  revision: 4,
  state: { temperature: 20.6, mode: 'heat' },
  reportedAt: 1763719200000,
  storedAt: 1763719200100,
};

const change: RecordedStateChange = {
  revision: 4,
  event: {
    vendorId: 'acme',
    deviceId: 'thermostat-0042',
    changed: { temperature: 20.6 },
    state: { temperature: 20.6, mode: 'heat' },
    seq: 1842,
    reportedAt: 1763719200000,
  },
};

/**
 * The use case over ports that answer `result` and note what was done, in order. The publish and the history
 * write wait for `publishing` and `writingHistory` (resolved at once unless a test holds them).
 */
function recordWith(
  result: MergeResult | Error,
  held: { publishing?: Promise<void>; writingHistory?: Promise<void> } = {},
) {
  const calls: string[] = [];
  const published: { event: DeviceStateChanged; eventId: string }[] = [];
  const points: TimeSeriesPoint[] = [];
  const events: EventPublisher = {
    publishStateChanged: async (event, eventId) => {
      calls.push('publish');
      published.push({ event, eventId });
      await held.publishing;
    },
    publishTelemetryRecorded: () => Promise.reject(new Error('not expected')),
  };
  const record = createRecordReportedState({
    store: {
      mergeReported: (update) => {
        calls.push(`merge ${update.order.join(',')}`);
        return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
      },
      pruneChanges: () => Promise.resolve(0),
      startEpoch: () => Promise.reject(new Error('not expected')),
      forgetDevice: () => Promise.reject(new Error('not expected')),
      readCurrentStates: () => Promise.reject(new Error('not expected')),
    },
    cache: {
      write: (state) => {
        calls.push(`cache ${state.revision}`);
        return Promise.resolve(true);
      },
      forget: () => Promise.reject(new Error('not expected')),
      claimRefill: () => Promise.reject(new Error('not expected')),
      renewRefill: () => Promise.reject(new Error('not expected')),
      markFilled: () => Promise.reject(new Error('not expected')),
      releaseRefill: () => Promise.reject(new Error('not expected')),
    },
    events,
    history: {
      write: async (written) => {
        calls.push('history');
        points.push(...written);
        await held.writingHistory;
      },
    },
  });
  return {
    record: (message = deviceReportedV1.example) => record(message),
    calls,
    published,
    points,
  };
}

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('recording a reported state', () => {
  it('when the merge changed a value: stores, then caches, then publishes the change, and records its history', async () => {
    const { record, calls, published, points } = recordWith({ outcome: 'applied', current, change });
    expect(await record()).toBe('changed');
    expect(calls.filter((call) => call !== 'history')).toEqual([
      'merge 1842,1763719200000,1763719200150',
      'cache 4',
      'publish',
    ]);
    expect(published[0]?.event).toEqual(change.event);
    expect(points.map((point) => point.measurement)).toEqual(['device_state']);
  });

  it('the history point is written while the event awaits its confirm, and the report is handled once both are done', async () => {
    let confirm: () => void = () => undefined;
    let historyWritten: () => void = () => undefined;
    const publishing = new Promise<void>((resolve) => (confirm = resolve));
    const writingHistory = new Promise<void>((resolve) => (historyWritten = resolve));
    const { record, calls } = recordWith(
      { outcome: 'applied', current, change },
      { publishing, writingHistory },
    );
    let handled = false;
    const recording = record().then((outcome) => {
      handled = true;
      return outcome;
    });

    await settle();
    expect(calls.slice(1).sort()).toEqual(['cache 4', 'history', 'publish']);
    confirm();
    await settle();
    expect(handled).toBe(false);
    historyWritten();
    expect(await recording).toBe('changed');
  });

  it('when nothing it carries is newer, only its history point is written', async () => {
    const { record, calls } = recordWith({ outcome: 'stale' });
    expect(await record()).toBe('stale');
    expect(calls.slice(1)).toEqual(['history']);
  });

  it('when the merge refuses a report, nothing else happens: no cache write, no event, no history point', async () => {
    const { record, calls } = recordWith(new Error('refused'));
    await expect(record()).rejects.toThrow('refused');
    expect(calls).toHaveLength(1);
  });

  it('a report of strings only writes no history point', async () => {
    const { record, points } = recordWith({ outcome: 'applied', current, change });
    const { payload } = deviceReportedV1.example;
    await record({ ...deviceReportedV1.example, payload: { ...payload, state: { mode: 'heat' } } });
    expect(points).toEqual([]);
  });

  it('when newer but equal values were merged, the cache is refreshed and no event is published', async () => {
    const { record, calls } = recordWith({ outcome: 'applied', current, change: undefined });
    expect(await record()).toBe('unchanged');
    expect(calls.slice(1)).toEqual(['cache 4', 'history']);
  });

  it('when the message was merged before, its recorded change is published again under the same id', async () => {
    const first = recordWith({ outcome: 'applied', current, change });
    const again = recordWith({ outcome: 'replayed', current: { ...current, revision: 6 }, change });
    await first.record();
    expect(await again.record()).toBe('replayed');
    expect(again.calls.slice(1)).toEqual(['cache 6', 'history', 'publish']);
    expect(again.published).toEqual(first.published);
  });
});
