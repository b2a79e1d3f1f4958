import { createPublicApiClient } from '@homeport/api-client';
import { mergePatchMediaType } from '@homeport/contracts';
import { brokerApiToken, requestJson, waitFor, waitForValue, type BrokerApiProcess } from '@homeport/testing';
import {
  connectDevice,
  createTestVendor,
  provisionThroughBrokerApi,
  publishReportedState,
  type TestVendor,
} from '../support/devices';
import * as support from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';

/** How many device views broker-api has answered (its request metrics, by route). */
const viewsServed = (brokerApi: BrokerApiProcess) =>
  brokerApi.readMetric('http_request_duration_seconds_count', { route: '/devices/:deviceId/view' });

export function describeDeviceViewCaches(shared: support.SharedTestEnvironment): void {
  // Two replicas on one Redis and the pipeline's events: each remembers the device views it read, and every
  // change (through either replica, or a device's report or presence) shows in the other's next read.
  describe('public-api device views remembered by each replica', () => {
    let environment: support.TestEnvironment;
    let first: support.TestInstance;
    let second: support.TestInstance;
    let brokerApi: BrokerApiProcess;
    let vendor: TestVendor;

    beforeAll(async () => {
      environment = shared.begin();
      const replicas = { JWT_SIGNING_KEY: JSON.stringify(support.createSigningJwk('replicas')) };
      first = await environment.startInstance(replicas);
      second = await environment.startInstance(replicas);
      brokerApi = environment.brokerApi as BrokerApiProcess;
      vendor = await createTestVendor(brokerApi, ['temperature', 'setpoint']);
    });
    afterAll(async () => {
      await environment.close();
    });

    const clientOf = (instance: support.TestInstance, user: support.TestUser) =>
      createPublicApiClient({ baseUrl: instance.running.http.url, token: user.tokens.accessToken });

    it('a warmed read asks broker-api nothing, and reports, presence, renames, desired changes and moves show at the next read', async () => {
      const homes = createHomeHelpers(first);
      const owner = await first.createUser();
      const home = await homes.createHome(owner);
      const otherHome = await homes.createHome(owner);
      const { id: deviceId, claimCode } = await provisionThroughBrokerApi(brokerApi, vendor);
      const device = { vendorId: vendor.vendorId, deviceId };
      const claimed = await clientOf(first, owner).POST('/v1/homes/{homeId}/devices/claim', {
        params: { path: { homeId: home.id } },
        body: { claimCode },
      });
      expect(claimed.response.status).toBe(200);
      const path = { params: { path: { deviceId } } };
      const readOn = async (instance: support.TestInstance) =>
        (await clientOf(instance, owner).GET('/v1/devices/{deviceId}', path)).data;
      const thermostat = await connectDevice(brokerApi, device);
      try {
        await publishReportedState(thermostat, device, { temperature: 19.5 }, 1);
        await waitForValue(async () => (await readOn(second))?.reported ?? undefined, 'the first report');
        // The report's event may reach public-api after broker-api's copy: the view read before it is dropped.
        await waitFor(async () => {
          const before = await viewsServed(brokerApi);
          await readOn(second);
          return (await viewsServed(brokerApi)) === before;
        }, 'a read answered by the replica alone');
        const served = await viewsServed(brokerApi);
        for (let read = 0; read < 5; read += 1) expect((await readOn(second))?.presence.online).toBe(true);
        expect(await viewsServed(brokerApi)).toBe(served);

        // A report: broker-api copies it after public-api hears of it; the stale view is not kept.
        await publishReportedState(thermostat, device, { temperature: 21 }, 2);
        await waitForValue(async () => {
          const read = await readOn(second);
          return read?.reported?.state['temperature'] === 21 ? read : undefined;
        }, 'the second report through the other replica');

        // Changes made through the first replica, seen by the second at its very next read.
        const renamed = await clientOf(first, owner).PATCH('/v1/devices/{deviceId}', {
          ...path,
          body: { name: 'Hall' },
        });
        expect(renamed.response.status).toBe(200);
        expect(await readOn(second)).toMatchObject({ name: 'Hall' });
        const desired = await clientOf(first, owner).PATCH('/v1/devices/{deviceId}/desired', {
          params: { path: { deviceId }, header: { 'if-match': '*' } },
          headers: { 'content-type': mergePatchMediaType },
          body: { setpoint: 22 },
        });
        expect(desired.response.status).toBe(200);
        expect(await readOn(second)).toMatchObject({ desired: { version: 1, state: { setpoint: 22 } } });
        const moved = await clientOf(first, owner).POST('/v1/homes/{homeId}/devices/{deviceId}/move', {
          params: { path: { homeId: home.id, deviceId } },
          body: { homeId: otherHome.id },
        });
        expect(moved.response.status).toBe(200);
        expect(await readOn(second)).toMatchObject({ homeId: otherHome.id });
      } finally {
        await thermostat.endAsync();
      }

      // Presence: the device went away.
      await waitForValue(async () => {
        const read = await readOn(second);
        return read?.presence.online === false ? read : undefined;
      }, 'the device offline through the other replica');

      // Released through the first replica: gone for the owner on the second at once.
      const released = await clientOf(first, owner).DELETE('/v1/homes/{homeId}/devices/{deviceId}', {
        params: { path: { homeId: otherHome.id, deviceId } },
      });
      expect(released.response.status).toBe(200);
      const gone = await clientOf(second, owner).GET('/v1/devices/{deviceId}', path);
      expect(gone.response.status).toBe(404);
    });

    it("a desired state set straight in broker-api by another service (an automation) shows at both replicas' next reads", async () => {
      const owner = await first.createUser();
      const home = await createHomeHelpers(first).createHome(owner);
      const { id: deviceId, claimCode } = await provisionThroughBrokerApi(brokerApi, vendor);
      const claimed = await clientOf(first, owner).POST('/v1/homes/{homeId}/devices/claim', {
        params: { path: { homeId: home.id } },
        body: { claimCode },
      });
      expect(claimed.response.status).toBe(200);
      const readOn = async (instance: support.TestInstance) =>
        (await clientOf(instance, owner).GET('/v1/devices/{deviceId}', { params: { path: { deviceId } } }))
          .data;
      // Both replicas remember the view: a further read asks broker-api nothing.
      await waitFor(async () => {
        const before = await viewsServed(brokerApi);
        await Promise.all([readOn(first), readOn(second)]);
        return (await viewsServed(brokerApi)) === before;
      }, 'reads answered by the replicas alone');

      const changed = await requestJson(brokerApi.url, 'PATCH', `/devices/${deviceId}/desired`, {
        token: brokerApiToken,
        body: { state: { setpoint: 17 } },
      });
      expect(changed.status).toBe(200);
      // Well before the views' maximum age (60 s): broker-api's device.changed event dropped them.
      for (const instance of [first, second]) {
        await waitForValue(async () => {
          const read = await readOn(instance);
          return read?.desired.state['setpoint'] === 17 ? read : undefined;
        }, 'the desired state set in broker-api');
      }
    });
  });
}
