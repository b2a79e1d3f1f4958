import { createUniqueName, waitFor } from '@homeport/testing';
import { createBrokerApiClient } from '../src/broker-api-client';
import { ensureThermostatProduct, provisionDevice } from '../src/provisioning';
import { runSimulation, type SimulationOptions } from '../src/run-simulation';
import { startObserver, type Observer } from './support/observer';
import { startTestPlatform, testApiToken, type TestPlatform } from './support/test-platform';

describe('the simulator against broker-api running as its own process', () => {
  let platform: TestPlatform;
  let observer: Observer;
  /** A fleet of its own for each test: device ids are global at the broker. */
  let fleet: Pick<
    SimulationOptions,
    'apiUrl' | 'apiToken' | 'mqttUrl' | 'vendorId' | 'productId' | 'deviceIdPrefix'
  >;

  beforeAll(async () => {
    platform = await startTestPlatform('simulator');
    observer = await startObserver(platform.mqttUrl);
  }, 60_000);

  beforeEach(() => {
    fleet = {
      apiUrl: platform.apiUrl,
      apiToken: testApiToken,
      mqttUrl: platform.mqttUrl,
      vendorId: createUniqueName('vendor'),
      productId: 'thermostat',
      deviceIdPrefix: createUniqueName('sim'),
    };
  });

  afterAll(async () => {
    await observer.close();
    await platform.close();
  }, 30_000);

  const observedOf = (vendorId: string) =>
    observer.messages.filter((message) => message.vendorId === vendorId);

  it('5 devices at 5 msg/s for 3 s: every publish acknowledged, none failed, and broker-api routed each one', async () => {
    const summary = await runSimulation({ ...fleet, devices: 5, ratePerSecond: 5, durationMs: 3000 });

    expect(summary).toMatchObject({
      devices: 5,
      provisioned: 5,
      connected: 5,
      failed: 0,
      connectionLosses: 0,
      errorCount: 0,
      errors: [],
      stoppedEarly: false,
    });
    // 5 devices x 5/s x 3 s, start times spread over the first period.
    expect(summary.published).toBeGreaterThanOrEqual(70);
    expect(summary.published).toBeLessThanOrEqual(85);
    expect(summary.acknowledged).toBe(summary.published);
    expect(summary.perKind.reported + summary.perKind.telemetry).toBe(summary.published);
    expect(Math.abs(summary.perKind.reported - summary.perKind.telemetry)).toBeLessThanOrEqual(5);
    await waitFor(
      () => observedOf(fleet.vendorId).length >= summary.acknowledged,
      'every message at the observer',
    );
    expect(observedOf(fleet.vendorId)).toHaveLength(summary.acknowledged);
    expect(new Set(observedOf(fleet.vendorId).map((message) => message.deviceId)).size).toBe(5);
  }, 30_000);

  it('a desired state PUT through the API reaches a device, which applies it and reports the new setpoint back', async () => {
    const deviceId = `${fleet.deviceIdPrefix}-0001`;
    const running = runSimulation({ ...fleet, devices: 2, ratePerSecond: 2, durationMs: 4000 });
    const reportsOf = () =>
      observedOf(fleet.vendorId).filter(
        (message) => message.deviceId === deviceId && message.kind === 'reported',
      );
    await waitFor(() => reportsOf().length > 0, 'the first reported state of the device');

    const api = createBrokerApiClient({ baseUrl: platform.apiUrl, token: testApiToken });
    const put = await api.call('PUT', `/devices/${deviceId}/desired`, {
      state: { setpoint: 26.5, mode: 'cool' },
    });
    expect(put.status).toBe(200);

    await waitFor(
      () =>
        reportsOf().some((message) => (message.payload.state as { setpoint?: unknown }).setpoint === 26.5),
      'a reported state with the new setpoint',
    );
    const summary = await running;
    expect(summary).toMatchObject({ desiredReceived: 1, desiredApplied: 1, failed: 0, errorCount: 0 });
    expect(reportsOf().at(-1)?.payload.state).toMatchObject({
      setpoint: 26.5,
      mode: 'cool',
      desiredVersion: 1,
    });
  }, 30_000);

  it('a rerun with the same ids gives each unclaimed device a new claim code, and a claimed one none', async () => {
    const api = createBrokerApiClient({ baseUrl: platform.apiUrl, token: testApiToken });
    await ensureThermostatProduct(api, fleet);
    const address = { ...fleet, deviceId: `${fleet.deviceIdPrefix}-0001` };
    const first = await provisionDevice(api, address);
    const rerun = await provisionDevice(api, address);
    expect(rerun.claimCode).not.toBeNull();
    expect(rerun.claimCode).not.toBe(first.claimCode);
    const claimed = await api.call('POST', '/devices/claims', {
      claimCode: rerun.claimCode,
      ownerId: 'home-1',
    });
    expect(claimed.status).toBe(200);
    expect((await provisionDevice(api, address)).claimCode).toBeNull();
  });

  it('with a wrong token, the summary says broker-api refused it, and nothing is provisioned', async () => {
    const summary = await runSimulation({
      ...fleet,
      apiToken: 'not-the-token-0123456789abcdef0123456789',
      devices: 3,
      ratePerSecond: 1,
      durationMs: 1000,
    });
    expect(summary).toMatchObject({ provisioned: 0, connected: 0, published: 0, errorCount: 1 });
    expect(summary.errors[0]).toMatch(
      /POST \/vendors: HTTP 401 UNAUTHENTICATED: .*is the broker-api token right/,
    );
  });

  it('when broker-api cannot be reached, the summary says where it looked', async () => {
    const summary = await runSimulation({
      ...fleet,
      apiUrl: 'http://127.0.0.1:9',
      devices: 1,
      ratePerSecond: 1,
      durationMs: 1000,
    });
    expect(summary.errors[0]).toMatch(/broker-api not reachable at http:\/\/127\.0\.0\.1:9/);
  });
});
