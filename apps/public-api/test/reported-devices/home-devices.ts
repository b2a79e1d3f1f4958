import type {
  DeviceClaimCodeResponse,
  HomeDevicePage,
  HomeDeviceResponse,
  HomeDeviceStateResponse,
  ProvisionedVendorDeviceResponse,
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
import { addVendorMember } from '../support/vendors';

export function describeHomeDevices(shared: SharedTestEnvironment): void {
  describe('public-api: vendors provision devices with a claim code, owners claim them into homes', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let brokerApi: BrokerApiProcess;
    let vendor: TestVendor;
    let maker: TestUser;
    let helpers: ReturnType<typeof createHomeHelpers>;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      brokerApi = environment.brokerApi as BrokerApiProcess;
      vendor = await createTestVendor(brokerApi);
      maker = await instance.createUser();
      await addVendorMember(environment.pool, vendor.vendorId, maker, 'developer');
      helpers = createHomeHelpers(instance);
    });
    afterAll(async () => {
      await environment.close();
    });

    const provision = async () => {
      const answer = await helpers
        .as(maker)
        .call<ProvisionedVendorDeviceResponse>('POST', `/v1/vendors/${vendor.vendorId}/devices`, {
          productId: vendor.productId,
        });
      expect(answer.status).toBe(201);
      return answer.body;
    };
    const claim = (user: TestUser, homeId: string, claimCode: string) =>
      helpers.as(user).call<HomeDeviceResponse>('POST', `/v1/homes/${homeId}/devices/claim`, { claimCode });
    // The device entries of a home's log (its home.* entries, creation and members, are homes/homes.ts's).
    const auditOf = async (homeId: string) => {
      const rows = await environment.pool.query<{
        action: string;
        outcome: string;
        device_id: string | null;
      }>(
        `SELECT action, outcome, device_id, details FROM public_api.audit_entries
        WHERE home_id = $1 AND action LIKE 'device.%' ORDER BY id`,
        [homeId],
      );
      return rows.rows;
    };
    const refused = (status: number, code: string) => ({
      status,
      body: expect.objectContaining({ code }) as unknown,
    });

    it('a vendor member provisions a device: its claim code and QR payload are answered once, no owner shown', async () => {
      const device = await provision();
      expect(device).toMatchObject({
        vendorId: vendor.vendorId,
        productId: vendor.productId,
        claimed: false,
      });
      expect(device.claimQrPayload).toBe(`HOMEPORT:1:${device.claimCode}`);
      expect(device).not.toHaveProperty('ownerId');
    });

    it('an owner claims the device with its code and reads what the device reported over MQTT', async () => {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const device = await provision();

      const claimed = await claim(owner, home.id, device.claimCode.toLowerCase());
      expect(claimed).toMatchObject({ status: 200, body: { id: device.id, homeId: home.id } });
      const list = await helpers.as(owner).call<HomeDevicePage>('GET', `/v1/homes/${home.id}/devices`);
      expect(list.body.items.map((item) => item.id)).toEqual([device.id]);

      await reportState(brokerApi, { vendorId: vendor.vendorId, deviceId: device.id }, { temperature: 20.5 });
      const path = `/v1/homes/${home.id}/devices/${device.id}`;
      const read = await waitForValue(async () => {
        const answer = await helpers.as(owner).call<HomeDeviceStateResponse>('GET', path);
        return answer.body.reported === null ? undefined : answer.body;
      }, 'the reported state in the shadow');
      expect(read).toMatchObject({
        id: device.id,
        homeId: home.id,
        reported: { state: { temperature: 20.5 } },
        desired: { state: {}, version: 0 },
        delta: {},
      });
      expect(read.lastSeenAt).not.toBeNull();
      expect(await auditOf(home.id)).toEqual([
        expect.objectContaining({ action: 'device.claimed', outcome: 'succeeded', device_id: device.id }),
      ]);
    });

    it('a wrong code is 404 CLAIM_CODE_INVALID and audited; a claimed code is refused the same way', async () => {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      expect(await claim(owner, home.id, '00000-00000-00000-00000')).toMatchObject(
        refused(404, 'CLAIM_CODE_INVALID'),
      );
      expect(await claim(owner, home.id, 'nonsense')).toMatchObject(refused(404, 'CLAIM_CODE_INVALID'));

      const device = await provision();
      expect((await claim(owner, home.id, device.claimCode)).status).toBe(200);
      const other = await instance.createUser();
      const otherHome = await helpers.createHome(other);
      expect(await claim(other, otherHome.id, device.claimCode)).toMatchObject(
        refused(404, 'CLAIM_CODE_INVALID'),
      );
      expect(await claim(owner, home.id, device.claimCode)).toMatchObject(refused(404, 'CLAIM_CODE_INVALID'));

      expect((await auditOf(home.id)).map(({ action }) => action)).toEqual([
        'device.claim-refused',
        'device.claim-refused',
        'device.claimed',
        'device.claim-refused',
      ]);
      expect(await auditOf(otherHome.id)).toEqual([
        expect.objectContaining({ action: 'device.claim-refused', outcome: 'refused' }),
      ]);
    });

    it("another home's owner neither sees, releases nor moves the device: 404 as for a missing one", async () => {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const device = await provision();
      await claim(owner, home.id, device.claimCode);
      const stranger = await instance.createUser();
      const strangerHome = await helpers.createHome(stranger);
      const as = helpers.as(stranger);
      const theirs = `/v1/homes/${home.id}/devices/${device.id}`;
      const viaOwn = `/v1/homes/${strangerHome.id}/devices/${device.id}`;

      expect(await as.call('GET', theirs)).toMatchObject(refused(404, 'HOME_NOT_FOUND'));
      expect(await as.call('GET', `/v1/homes/${home.id}/devices`)).toMatchObject(
        refused(404, 'HOME_NOT_FOUND'),
      );
      expect(await as.call('DELETE', theirs)).toMatchObject(refused(404, 'HOME_NOT_FOUND'));
      for (const [method, path, body] of [
        ['GET', viaOwn, undefined],
        ['DELETE', viaOwn, undefined],
        ['POST', `${viaOwn}/move`, { homeId: strangerHome.id }],
      ] as const) {
        expect(await as.call(method, path, body)).toMatchObject(refused(404, 'DEVICE_NOT_FOUND'));
      }
      const missing = await as.call('GET', `/v1/homes/${strangerHome.id}/devices/dev-missing`);
      expect(missing.body.message).toBe((await as.call('GET', viaOwn)).body.message);
      expect((await helpers.as(owner).call('GET', theirs)).status).toBe(200);
    });

    it('a member reads the devices; claiming, releasing and moving are for owners (403, the claim audited)', async () => {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const member = await instance.createUser();
      await helpers.join(owner, home.id, member, 'member');
      const device = await provision();
      const as = helpers.as(member);
      expect(await claim(member, home.id, device.claimCode)).toMatchObject(
        refused(403, 'HOME_ROLE_INSUFFICIENT'),
      );
      expect((await claim(owner, home.id, device.claimCode)).status).toBe(200);

      const path = `/v1/homes/${home.id}/devices/${device.id}`;
      expect((await as.call<HomeDevicePage>('GET', `/v1/homes/${home.id}/devices`)).body.items).toHaveLength(
        1,
      );
      expect((await as.call('GET', path)).status).toBe(200);
      expect(await as.call('DELETE', path)).toMatchObject(refused(403, 'HOME_ROLE_INSUFFICIENT'));
      const memberHome = await helpers.createHome(member);
      const move = await as.call('POST', `${path}/move`, { homeId: memberHome.id });
      expect(move).toMatchObject(refused(403, 'HOME_ROLE_INSUFFICIENT'));
      expect((await auditOf(home.id)).map(({ action }) => action)).toEqual([
        'device.claim-refused',
        'device.claimed',
      ]);
    });

    it('an owner releases the device with a new code for the next owner, who claims it; the old code stays void', async () => {
      const seller = await instance.createUser();
      const sellerHome = await helpers.createHome(seller);
      const device = await provision();
      await claim(seller, sellerHome.id, device.claimCode);
      const path = `/v1/homes/${sellerHome.id}/devices/${device.id}`;
      // Read first (both addresses): the release must not leave the device readable at the next request.
      expect((await helpers.as(seller).call('GET', path)).status).toBe(200);
      expect((await helpers.as(seller).call('GET', `/v1/devices/${device.id}`)).status).toBe(200);

      const released = await helpers.as(seller).call<DeviceClaimCodeResponse>('DELETE', path);
      expect(released).toMatchObject({ status: 200, body: { deviceId: device.id } });
      expect(released.body.claimCode).not.toBe(device.claimCode);
      expect(released.body.claimQrPayload).toBe(`HOMEPORT:1:${released.body.claimCode}`);
      expect(
        (await helpers.as(seller).call<HomeDevicePage>('GET', `/v1/homes/${sellerHome.id}/devices`)).body
          .items,
      ).toEqual([]);
      expect(await helpers.as(seller).call('GET', path)).toMatchObject(refused(404, 'DEVICE_NOT_FOUND'));
      expect(await helpers.as(seller).call('GET', `/v1/devices/${device.id}`)).toMatchObject(
        refused(404, 'DEVICE_NOT_FOUND'),
      );

      const buyer = await instance.createUser();
      const buyerHome = await helpers.createHome(buyer);
      expect(await claim(buyer, buyerHome.id, device.claimCode)).toMatchObject(
        refused(404, 'CLAIM_CODE_INVALID'),
      );
      expect(await claim(buyer, buyerHome.id, released.body.claimQrPayload)).toMatchObject({
        status: 200,
        body: { id: device.id, homeId: buyerHome.id },
      });
      expect((await auditOf(sellerHome.id)).map(({ action }) => action)).toEqual([
        'device.claimed',
        'device.released',
      ]);
    });

    it('an owner moves the device to another home they own, not to one they are only a member of or not in', async () => {
      const owner = await instance.createUser();
      const [first, second] = [
        await helpers.createHome(owner, 'Flat'),
        await helpers.createHome(owner, 'Cabin'),
      ];
      const device = await provision();
      await claim(owner, first.id, device.claimCode);
      const as = helpers.as(owner);

      const neighbour = await instance.createUser();
      const sharedHome = await helpers.createHome(neighbour);
      await helpers.join(neighbour, sharedHome.id, owner, 'member');
      const strangerHome = await helpers.createHome(await instance.createUser());
      const move = (homeId: string, to: string) =>
        as.call<HomeDeviceResponse>('POST', `/v1/homes/${homeId}/devices/${device.id}/move`, { homeId: to });
      expect(await move(first.id, sharedHome.id)).toMatchObject(refused(403, 'HOME_ROLE_INSUFFICIENT'));
      expect(await move(first.id, strangerHome.id)).toMatchObject(refused(404, 'HOME_NOT_FOUND'));
      const readIn = (homeId: string) => as.call('GET', `/v1/homes/${homeId}/devices/${device.id}`);
      expect((await readIn(first.id)).status).toBe(200);

      expect(await move(first.id, second.id)).toMatchObject({
        status: 200,
        body: { id: device.id, homeId: second.id },
      });
      // At the next request the old home no longer reads it; the new one does.
      expect(await readIn(first.id)).toMatchObject(refused(404, 'DEVICE_NOT_FOUND'));
      expect(await readIn(second.id)).toMatchObject({ status: 200, body: { homeId: second.id } });
      expect(
        (await as.call<HomeDevicePage>('GET', `/v1/homes/${second.id}/devices`)).body.items,
      ).toHaveLength(1);
      expect((await as.call<HomeDevicePage>('GET', `/v1/homes/${first.id}/devices`)).body.items).toEqual([]);
      expect(await move(first.id, second.id)).toMatchObject(refused(404, 'DEVICE_NOT_FOUND'));
      expect(await auditOf(first.id)).toContainEqual(
        expect.objectContaining({
          action: 'device.moved',
          details: { fromHomeId: first.id, toHomeId: second.id },
        }),
      );
    });

    it('the vendor issues a new code for an unclaimed device (the old one void), none for a claimed one', async () => {
      const device = await provision();
      const path = `/v1/vendors/${vendor.vendorId}/devices/${device.id}/claim-code`;
      const issued = await helpers.as(maker).call<DeviceClaimCodeResponse>('POST', path);
      expect(issued).toMatchObject({ status: 201, body: { deviceId: device.id } });
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      expect(await claim(owner, home.id, device.claimCode)).toMatchObject(refused(404, 'CLAIM_CODE_INVALID'));
      expect((await claim(owner, home.id, issued.body.claimCode)).status).toBe(200);
      expect(await helpers.as(maker).call('POST', path)).toMatchObject(refused(409, 'DEVICE_CLAIMED'));
    });

    it('a home lists its devices page by page', async () => {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const ids: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        const device = await provision();
        await claim(owner, home.id, device.claimCode);
        ids.push(device.id);
      }
      const base = `/v1/homes/${home.id}/devices`;
      const first = await helpers.as(owner).call<HomeDevicePage>('GET', `${base}?limit=2`);
      expect(first.body.items).toHaveLength(2);
      const rest = await helpers
        .as(owner)
        .call<HomeDevicePage>('GET', `${base}?limit=2&after=${first.body.nextAfter ?? ''}`);
      expect([...first.body.items, ...rest.body.items].map((item) => item.id)).toEqual(ids.sort());
      expect(rest.body.nextAfter).toBeUndefined();
    });
  });
}
