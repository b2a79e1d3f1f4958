import type {
  HomeDevicePage,
  HomeDeviceResponse,
  HomeDeviceStateResponse,
  ProvisionedVendorDeviceResponse,
  VendorDevicePage,
  VendorDeviceResponse,
} from '@homeport/contracts';
import { waitForValue, type BrokerApiProcess } from '@homeport/testing';
import { createTestVendor, reportState, type TestVendor } from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';
import { createVendorCalls, makeVendorAdmin } from '../support/vendors';

export function describeVendorKeyToOwner(shared: SharedTestEnvironment): void {
  // The acceptance, end to end on real servers: a vendor's back end (its API key) provisions a device
  // with a claim code, the owner claims it into a home and reads what it reported, and each of them sees exactly
  // what they should: the vendor its device (claimed, never the home), the owner the home's device, neither the
  // other's routes.
  describe('a vendor key provisions a device, its owner claims it: each sees exactly their part', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let brokerApi: BrokerApiProcess;
    let acme: TestVendor;
    let globex: TestVendor;
    let owner: TestUser;
    let acmeKey: string;
    let globexKey: string;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      brokerApi = environment.brokerApi as BrokerApiProcess;
      [acme, globex] = [await createTestVendor(brokerApi), await createTestVendor(brokerApi)];
      const calls = createVendorCalls(instance);
      const [acmeAdmin, globexAdmin] = [await instance.createUser(), await instance.createUser()];
      owner = await instance.createUser();
      await makeVendorAdmin(environment.pool, acme.vendorId, acmeAdmin);
      await makeVendorAdmin(environment.pool, globex.vendorId, globexAdmin);
      const backEndScopes = ['devices:read', 'devices:write', 'credentials:write'] as const;
      acmeKey = (await calls.createKey(acmeAdmin, acme.vendorId, backEndScopes)).key;
      globexKey = (await calls.createKey(globexAdmin, globex.vendorId, backEndScopes)).key;
    });
    afterAll(async () => {
      await environment.close();
    });

    it('the key provisions, the owner claims and reads the state; the vendor sees claimed, never the home', async () => {
      const withKey = <T>(key: string, method: string, path: string, body?: unknown) =>
        instance.api<T & { code?: string }>(method, path, body, key);
      const vendorPath = `/v1/vendors/${acme.vendorId}/devices`;
      const provisioned = await withKey<ProvisionedVendorDeviceResponse>(acmeKey, 'POST', vendorPath, {
        productId: acme.productId,
      });
      expect(provisioned).toMatchObject({ status: 201, body: { claimed: false } });
      const { id: deviceId, claimCode } = provisioned.body;

      const helpers = createHomeHelpers(instance);
      const home = await helpers.createHome(owner);
      const homePath = `/v1/homes/${home.id}/devices`;
      const claimed = await helpers
        .as(owner)
        .call<HomeDeviceResponse>('POST', `${homePath}/claim`, { claimCode });
      expect(claimed).toMatchObject({ status: 200, body: { id: deviceId, homeId: home.id } });
      await reportState(
        brokerApi,
        { vendorId: acme.vendorId, deviceId },
        { temperature: 19.5, setpoint: 21 },
      );
      const state = await waitForValue(async () => {
        const read = await helpers.as(owner).call<HomeDeviceStateResponse>('GET', `${homePath}/${deviceId}`);
        return read.body.reported === null ? undefined : read.body;
      }, "the reported state in the owner's view");
      expect(state.reported?.state).toMatchObject({ temperature: 19.5, setpoint: 21 });
      const ownersList = await helpers.as(owner).call<HomeDevicePage>('GET', homePath);
      expect(ownersList.body.items.map((device) => device.id)).toEqual([deviceId]);

      const vendorsView = await withKey<VendorDeviceResponse>(acmeKey, 'GET', `${vendorPath}/${deviceId}`);
      expect(vendorsView).toMatchObject({ status: 200, body: { id: deviceId, claimed: true } });
      expect(JSON.stringify(vendorsView.body)).not.toContain(home.id);
      const vendorsList = await withKey<VendorDevicePage>(acmeKey, 'GET', vendorPath);
      expect(vendorsList.body.items.map((device) => device.id)).toEqual([deviceId]);

      // Neither reaches the other's routes, and another vendor's key finds nothing.
      expect(await withKey(acmeKey, 'GET', `${homePath}/${deviceId}`)).toMatchObject({
        status: 403,
        body: { code: 'CALLER_KIND_NOT_ALLOWED' },
      });
      expect(await helpers.as(owner).call('GET', `${vendorPath}/${deviceId}`)).toMatchObject({
        status: 404,
        body: { code: 'VENDOR_NOT_FOUND' },
      });
      expect(
        await withKey(globexKey, 'GET', `/v1/vendors/${globex.vendorId}/devices/${deviceId}`),
      ).toMatchObject({ status: 404, body: { code: 'DEVICE_NOT_FOUND' } });
      expect(await withKey(globexKey, 'GET', `${vendorPath}/${deviceId}`)).toMatchObject({
        status: 404,
        body: { code: 'VENDOR_NOT_FOUND' },
      });
    });
  });
}
