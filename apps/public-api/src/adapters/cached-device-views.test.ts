import type { DeviceViewResponse } from '@homeport/contracts';
import { createDeviceViewCache } from './cached-device-views';
import { createInProcessInvalidations } from './invalidations';

const limits = { maxEntries: 100, maxAgeMs: 60_000 };

/** broker-api's view of one device, whose reported copy is the one given. */
function createBrokerApiViews(deviceId: string) {
  let reads = 0;
  let reportedAtMs: number | undefined;
  const view = (): DeviceViewResponse => ({
    id: deviceId,
    vendorId: 'acme',
    productId: 'thermo',
    name: null,
    ownerId: 'home-1',
    historySince: null,
    online: true,
    lastSeenAt: null,
    createdAt: '2026-12-01T00:00:00.000Z',
    productName: 'Thermo',
    features: ['temperature'],
    assistantMapping: null,
    shadow: {
      deviceId,
      desired: { deviceId, version: 0, state: {}, updatedAt: null },
      reported:
        reportedAtMs === undefined
          ? null
          : { state: { temperature: 20 }, seq: 1, reportedAt: new Date(reportedAtMs).toISOString() },
      delta: {},
    },
  });
  return {
    reads: () => reads,
    copyReport: (atMs: number) => {
      reportedAtMs = atMs;
    },
    load: () => {
      reads += 1;
      return Promise.resolve(view());
    },
  };
}

describe("a replica's cache of device views", () => {
  it("a view older than a report announced for it is answered but not kept, until broker-api's copy has it", async () => {
    const cache = createDeviceViewCache({ invalidations: createInProcessInvalidations(), limits });
    const brokerApi = createBrokerApiViews('thermo-1');
    await cache.view('thermo-1', brokerApi.load);

    await cache.stateChanged('thermo-1', 1_000);
    expect((await cache.view('thermo-1', brokerApi.load))?.shadow.reported).toBeNull();
    expect((await cache.view('thermo-1', brokerApi.load))?.shadow.reported).toBeNull();
    brokerApi.copyReport(1_000);
    await cache.view('thermo-1', brokerApi.load);
    await cache.view('thermo-1', brokerApi.load);
    expect(brokerApi.reads()).toBe(4);
  });

  it("a presence change drops the device's view but not its home; a change of the device drops both", async () => {
    const cache = createDeviceViewCache({ invalidations: createInProcessInvalidations(), limits });
    const brokerApi = createBrokerApiViews('thermo-1');
    let homeReads = 0;
    const loadHome = () => {
      homeReads += 1;
      return Promise.resolve({ homeId: 'home-1' });
    };
    await cache.view('thermo-1', brokerApi.load);
    await cache.home('thermo-1', loadHome);

    await cache.stateChanged('thermo-1');
    await cache.view('thermo-1', brokerApi.load);
    await cache.home('thermo-1', loadHome);
    expect([brokerApi.reads(), homeReads]).toEqual([2, 1]);

    await cache.deviceChanged('thermo-1');
    await cache.view('thermo-1', brokerApi.load);
    await cache.home('thermo-1', loadHome);
    expect([brokerApi.reads(), homeReads]).toEqual([3, 2]);
  });
});
