import { deviceReportedV1 } from '@homeport/contracts';
import type {
  DeviceStateChanged,
  EventPublisher,
  MergeResult,
  RecordedStateChange,
  StoredDeviceState,
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

/** The use case over ports that answer `result` and note what was done, in order. */
function recordWith(result: MergeResult) {
  const calls: string[] = [];
  const published: { event: DeviceStateChanged; eventId: string }[] = [];
  const events: EventPublisher = {
    publishStateChanged: (event, eventId) => {
      calls.push('publish');
      published.push({ event, eventId });
      return Promise.resolve();
    },
    publishTelemetryRecorded: () => Promise.reject(new Error('not expected')),
  };
  const record = createRecordReportedState({
    store: {
      mergeReported: (update) => {
        calls.push(`merge ${update.order.join(',')}`);
        return Promise.resolve(result);
      },
      pruneChanges: () => Promise.resolve(0),
      startEpoch: () => Promise.reject(new Error('not expected')),
      forgetDevice: () => Promise.reject(new Error('not expected')),
    },
    cache: {
      write: (state) => {
        calls.push(`cache ${state.revision}`);
        return Promise.resolve(true);
      },
      forget: () => Promise.reject(new Error('not expected')),
    },
    events,
  });
  return { record: () => record(deviceReportedV1.example), calls, published };
}

describe('recording a reported state', () => {
  it('when the merge changed a value: stores, then caches, then publishes the change', async () => {
    const { record, calls, published } = recordWith({ outcome: 'applied', current, change });
    expect(await record()).toBe('changed');
    expect(calls).toEqual(['merge 1842,1763719200000,1763719200150', 'cache 4', 'publish']);
    expect(published[0]?.event).toEqual(change.event);
  });

  it('when nothing it carries is newer, nothing else happens', async () => {
    const { record, calls } = recordWith({ outcome: 'stale' });
    expect(await record()).toBe('stale');
    expect(calls).toHaveLength(1);
  });

  it('when newer but equal values were merged, the cache is refreshed and no event is published', async () => {
    const { record, calls } = recordWith({ outcome: 'applied', current, change: undefined });
    expect(await record()).toBe('unchanged');
    expect(calls.slice(1)).toEqual(['cache 4']);
  });

  it('when the message was merged before, its recorded change is published again under the same id', async () => {
    const first = recordWith({ outcome: 'applied', current, change });
    const again = recordWith({ outcome: 'replayed', current: { ...current, revision: 6 }, change });
    await first.record();
    expect(await again.record()).toBe('replayed');
    expect(again.calls.slice(1)).toEqual(['cache 6', 'publish']);
    expect(again.published).toEqual(first.published);
  });
});
