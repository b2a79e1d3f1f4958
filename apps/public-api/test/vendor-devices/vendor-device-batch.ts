import {
  maxProvisionBatchDevices,
  type ProvisionVendorDeviceBatchResponse,
  type VendorDevicePage,
} from '@homeport/contracts';
import type { BrokerApiProcess } from '@homeport/testing';
import { asAdmin, createTestVendor, type TestVendor } from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';
import { addVendorMember } from '../support/vendors';

export function describeVendorDeviceBatch(shared: SharedTestEnvironment): void {
  describe('public-api: a vendor provisions a batch of devices, each created or refused on its own', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let acme: TestVendor;
    let globex: TestVendor;
    let maker: TestUser;
    let helpers: ReturnType<typeof createHomeHelpers>;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      const brokerApi = environment.brokerApi as BrokerApiProcess;
      [acme, globex] = [await createTestVendor(brokerApi), await createTestVendor(brokerApi)];
      await asAdmin(brokerApi, 'POST', `/vendors/${globex.vendorId}/products`, {
        id: 'globex-plug',
        name: 'Plug',
        features: ['power'],
      });
      maker = await instance.createUser();
      await addVendorMember(environment.pool, acme.vendorId, maker, 'developer');
      helpers = createHomeHelpers(instance);
    });
    afterAll(async () => {
      await environment.close();
    });

    const sendBatch = (vendorId: string, devices: readonly object[]) =>
      helpers
        .as(maker)
        .call<ProvisionVendorDeviceBatchResponse>('POST', `/v1/vendors/${vendorId}/devices/batch`, {
          devices,
        });
    const listIds = async (vendorId: string) => {
      const page = await helpers.as(maker).call<VendorDevicePage>('GET', `/v1/vendors/${vendorId}/devices`);
      return page.body.items.map((device) => device.id);
    };

    it("a developer sends 4 devices: two are created with their claim codes, a taken id and another vendor's product are refused, in the request's order, with one audit entry", async () => {
      const productId = acme.productId;
      const answer = await sendBatch(acme.vendorId, [
        { productId, id: 'batch-0001', name: 'Hall' },
        { productId, id: 'batch-0001' },
        { productId: 'globex-plug', id: 'batch-0002' },
        { productId },
      ]);

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ created: 2, refused: 2 });
      const [first, taken, foreign, generated] = answer.body.results;
      expect(first).toMatchObject({
        index: 0,
        outcome: 'created',
        device: { id: 'batch-0001', name: 'Hall', vendorId: acme.vendorId, claimed: false },
      });
      expect(taken).toMatchObject({ index: 1, outcome: 'refused', code: 'DEVICE_EXISTS' });
      expect(foreign).toMatchObject({ index: 2, outcome: 'refused', code: 'PRODUCT_NOT_FOUND' });
      expect(generated).toMatchObject({ index: 3, outcome: 'created' });
      for (const created of [first, generated])
        if (created?.outcome === 'created')
          expect(created.device.claimQrPayload).toBe(`HOMEPORT:1:${created.device.claimCode}`);
      const generatedId = generated?.outcome === 'created' ? generated.device.id : '';
      expect((await listIds(acme.vendorId)).sort()).toEqual(['batch-0001', generatedId].sort());

      const audit = await environment.pool.query<{ action: string; details: unknown }>(
        `SELECT action, details FROM public_api.audit_entries WHERE vendor_id = $1 AND action LIKE 'device.%'`,
        [acme.vendorId],
      );
      expect(audit.rows).toEqual([
        { action: 'device.batch-provisioned', details: { created: 2, refused: 2 } },
      ]);
    });

    it(`a batch of more than ${maxProvisionBatchDevices} devices, or of none, is refused whole (400) and nothing is made`, async () => {
      const tooMany = Array.from({ length: maxProvisionBatchDevices + 1 }, (_, index) => ({
        productId: acme.productId,
        id: `many-${index}`,
      }));
      const before = await listIds(acme.vendorId);
      expect(await sendBatch(acme.vendorId, tooMany)).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
      expect(await sendBatch(acme.vendorId, [])).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
      expect(await listIds(acme.vendorId)).toEqual(before);
    });

    it("a member of one vendor cannot provision into another vendor's fleet (404, as if it did not exist)", async () => {
      const answer = await sendBatch(globex.vendorId, [{ productId: 'globex-plug', id: 'sneaky-0001' }]);
      expect(answer).toMatchObject({ status: 404, body: { code: 'VENDOR_NOT_FOUND' } });
    });
  });
}
