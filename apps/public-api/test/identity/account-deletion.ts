import {
  userDeletedV1,
  type CreatedPersonalTokenResponse,
  type DeviceResponse,
  type MemberList,
  type HomePresenceResponse,
  type HomeResponse,
} from '@homeport/contracts';
import {
  geofencingApiToken,
  listenForEvents,
  requestJson,
  waitFor,
  type BrokerApiProcess,
  type EventListener,
  type GeofencingProcess,
} from '@homeport/testing';
import type { AlertsProcess } from '../support/alerts';
import { startDeletionServices, type DeletionServices } from '../support/deletion-services';
import { asAdmin, claimNewDevice, createTestVendor, type TestVendor } from '../support/devices';
import type { SharedTestEnvironment, TestEnvironment, TestInstance, TestUser } from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';
import { addVendorMember, createVendorId } from '../support/vendors';

const homeLocation = { latitude: 48.87231, longitude: 2.37702 };

export function describeAccountDeletion(shared: SharedTestEnvironment): void {
  describe('public-api account deletion: DELETE /v1/account', () => {
    let environment: TestEnvironment;
    let brokerApi: BrokerApiProcess;
    let alerts: AlertsProcess;
    let geofencing: GeofencingProcess;
    let services: DeletionServices;
    let instance: TestInstance;
    let helpers: ReturnType<typeof createHomeHelpers>;
    let vendor: TestVendor;
    let deletions: EventListener<typeof userDeletedV1>;

    beforeAll(async () => {
      environment = shared.begin();
      brokerApi = environment.brokerApi as BrokerApiProcess;
      services = await startDeletionServices(environment, 'papi_deletion');
      ({ alerts, geofencing } = services);
      instance = await environment.startInstance(services.env);
      helpers = createHomeHelpers(instance);
      vendor = await createTestVendor(brokerApi);
      deletions = await listenForEvents(environment.amqpPrefix, userDeletedV1);
    }, 120_000);
    afterAll(async () => {
      await deletions.close();
      await environment.close();
      await services.close();
    });

    const deleteAccount = (
      user: TestUser,
      currentPassword = user.password,
      token = user.tokens.accessToken,
    ) =>
      instance.api<{ code: string; details?: unknown }>('DELETE', '/v1/account', { currentPassword }, token);
    const readAccount = (token: string) => instance.api('GET', '/v1/account', undefined, token);
    const deviceInRegistry = (deviceId: string) =>
      asAdmin<DeviceResponse>(brokerApi, 'GET', `/devices/${deviceId}`);
    const membersOf = async (user: TestUser, homeId: string) =>
      (await helpers.as(user).call<MemberList>('GET', `/v1/homes/${homeId}/members`)).body.items.map(
        (member) => member.userId,
      );
    const countRows = async (table: string, column: string, value: string) =>
      (
        await environment.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM public_api.${table} WHERE ${column} = $1`,
          [value],
        )
      ).rows[0]?.n;

    it('a sole member deletes their account: devices unclaimed, home and rules gone, tokens dead, geofencing forgets them, the address free again', async () => {
      const user = await instance.createUser();
      const home = (
        await helpers.as(user).call<HomeResponse>('POST', '/v1/homes', {
          name: 'Rue des Lilas',
          timeZone: 'Europe/Paris',
          location: homeLocation,
          radiusMeters: 100,
        })
      ).body;
      const { deviceId } = await claimNewDevice(instance, brokerApi, user, home.id, vendor);
      const rule = await helpers.as(user).call('POST', `/v1/homes/${home.id}/alert-rules`, {
        target: { kind: 'device', deviceId },
        name: 'Frost in the cellar',
        condition: { kind: 'threshold', source: 'state', property: 'temperature', operator: '<', value: 5 },
        forSeconds: 3,
        severity: 'critical',
        message: '{device}: {property} is {value} °C',
      });
      expect(rule).toMatchObject({ status: 201 });
      const automation = await helpers.as(user).call('POST', `/v1/homes/${home.id}/automations`, {
        name: 'Eco when out',
        trigger: 'home-empty',
        actions: [{ deviceId, set: { setpoint: 17 } }],
      });
      expect(automation.status).toBe(201);
      const token = await helpers.as(user).call<CreatedPersonalTokenResponse>('POST', '/v1/account/tokens', {
        name: 'script',
        scopes: ['devices:read'],
      });
      const fixes = {
        phone: 'phone',
        fixes: [{ ...homeLocation, accuracyMeters: 20, timestamp: new Date().toISOString() }],
      };
      expect((await helpers.as(user).call('POST', '/v1/account/location/fixes', fixes)).status).toBe(202);
      const presence = () =>
        requestJson<HomePresenceResponse>(geofencing.process.url, 'GET', `/homes/${home.id}/presence`, {
          token: geofencingApiToken,
        });
      await waitFor(async () => (await presence()).body.occupied, 'geofencing sees them home');

      expect(await deleteAccount(user)).toMatchObject({ status: 204 });

      expect((await deviceInRegistry(deviceId)).ownerId).toBeNull();
      expect(await countRows('homes', 'id', home.id)).toBe(0);
      const rules = await requestJson<{ items: unknown[] }>(
        alerts.process.url,
        'GET',
        `/rules?homeId=${home.id}`,
        { token: alerts.env.ALERTS_API_TOKEN },
      );
      expect(rules.body.items).toEqual([]);
      const automations = await requestJson<{ items: unknown[] }>(
        geofencing.process.url,
        'GET',
        `/homes/${home.id}/automations`,
        { token: geofencingApiToken },
      );
      expect(automations.body.items).toEqual([]);
      for (const credential of [user.tokens.accessToken, token.body.token]) {
        expect((await readAccount(credential)).status).toBe(401);
      }
      const refresh = await instance.api('POST', '/v1/sessions/refresh', {
        refreshToken: user.tokens.refreshToken,
      });
      expect(refresh.status).toBe(401);
      await waitFor(
        () => deletions.events().some((event) => event.userId === user.id),
        'user.deleted published',
      );
      await waitFor(async () => (await presence()).body.members.length === 0, 'geofencing forgot them');
      expect((await presence()).body.occupied).toBe(false);
      // The audit log keeps what happened, with the actor's id.
      expect(await countRows('audit_entries', 'actor_user_id', user.id)).toBeGreaterThan(0);
      const deletedEntry = await environment.pool.query(
        "SELECT 1 FROM public_api.audit_entries WHERE actor_user_id = $1 AND action = 'account.deleted'",
        [user.id],
      );
      expect(deletedEntry.rowCount).toBe(1);

      await instance.api('POST', '/v1/account/sign-up', {
        email: user.email,
        password: 'a new passphrase here',
      });
      await instance.deferredWorkDone();
      const login = await instance.api('POST', '/v1/sessions', {
        email: user.email,
        password: 'a new passphrase here',
      });
      expect(login.status).toBe(201);
    });

    it('a member of a shared home deletes theirs: the home and its devices stay with the others; a vendor with another admin is left', async () => {
      const [owner, member] = await Promise.all([instance.createUser(), instance.createUser()]);
      const home = await helpers.createHome(owner);
      await helpers.join(owner, home.id, member, 'member');
      const { deviceId } = await claimNewDevice(instance, brokerApi, owner, home.id, vendor);
      const vendorId = createVendorId();
      await addVendorMember(environment.pool, vendorId, owner, 'admin');
      await addVendorMember(environment.pool, vendorId, member, 'admin');

      expect(await deleteAccount(member)).toMatchObject({ status: 204 });

      expect(await membersOf(owner, home.id)).toEqual([owner.id]);
      expect((await deviceInRegistry(deviceId)).ownerId).toBe(home.id);
      expect(await countRows('vendor_members', 'vendor_id', vendorId)).toBe(1);
      const left = await environment.pool.query(
        "SELECT 1 FROM public_api.audit_entries WHERE home_id = $1 AND action = 'home.member-removed'",
        [home.id],
      );
      expect(left.rowCount).toBe(1);
    });

    it('the only owner of a shared home, and the last admin of a vendor, are refused with 409 and nothing changes', async () => {
      const [owner, member, admin, developer] = await Promise.all([
        instance.createUser(),
        instance.createUser(),
        instance.createUser(),
        instance.createUser(),
      ]);
      const shared = await helpers.createHome(owner, 'Shared house');
      await helpers.join(owner, shared.id, member, 'member');
      const alone = await helpers.createHome(owner, 'Cabin');
      const { deviceId } = await claimNewDevice(instance, brokerApi, owner, alone.id, vendor);

      const refused = await deleteAccount(owner);
      expect(refused).toMatchObject({
        status: 409,
        body: {
          code: 'ACCOUNT_LAST_HOME_OWNER',
          details: { homes: [{ homeId: shared.id, name: 'Shared house' }], vendors: [] },
        },
      });
      expect((await readAccount(owner.tokens.accessToken)).status).toBe(200);
      expect(await membersOf(owner, shared.id)).toEqual([owner.id, member.id]);
      expect(await membersOf(owner, alone.id)).toEqual([owner.id]);
      expect((await deviceInRegistry(deviceId)).ownerId).toBe(alone.id);

      const vendorId = createVendorId();
      await addVendorMember(environment.pool, vendorId, admin, 'admin');
      await addVendorMember(environment.pool, vendorId, developer, 'developer');
      expect(await deleteAccount(admin)).toMatchObject({
        status: 409,
        body: { code: 'ACCOUNT_LAST_VENDOR_ADMIN', details: { homes: [], vendors: [{ vendorId }] } },
      });
      expect((await readAccount(admin.tokens.accessToken)).status).toBe(200);
      expect(await countRows('vendor_members', 'vendor_id', vendorId)).toBe(2);
      // A developer may go: the admin still manages the vendor.
      expect(await deleteAccount(developer)).toMatchObject({ status: 204 });
      expect(await countRows('vendor_members', 'vendor_id', vendorId)).toBe(1);
    });

    it('a wrong password is refused as the password change refuses it, a personal access token is refused, and nothing changes', async () => {
      const user = await instance.createUser();
      const home = await helpers.createHome(user);
      expect(await deleteAccount(user, 'not my password')).toMatchObject({
        status: 403,
        body: { code: 'PASSWORD_INCORRECT' },
      });
      const token = await helpers.as(user).call<CreatedPersonalTokenResponse>('POST', '/v1/account/tokens', {
        name: 'script',
        scopes: ['homes:read', 'homes:write', 'account:read'],
      });
      expect(await deleteAccount(user, user.password, token.body.token)).toMatchObject({
        status: 403,
        body: { code: 'TOKEN_SCOPE_INSUFFICIENT' },
      });
      expect((await readAccount(user.tokens.accessToken)).status).toBe(200);
      expect(await membersOf(user, home.id)).toEqual([user.id]);
      expect(deletions.events().some((event) => event.userId === user.id)).toBe(false);
    });

    it('a user.deleted the deleting request could not publish is published by the relay', async () => {
      const user = await instance.createUser();
      // What a deletion leaves when RabbitMQ refused its event: the outbox row alone.
      await environment.pool.query('DELETE FROM public_api.users WHERE id = $1', [user.id]);
      await environment.pool.query(
        `INSERT INTO public_api.outbox (message_type, message_id, payload)
         VALUES ('user.deleted.v1', $1, json_build_object('userId', $2::text, 'deletedAt', 1765000000000))`,
        [`user-deleted/${user.id}`, user.id],
      );
      await waitFor(
        () => deletions.events().some((event) => event.userId === user.id),
        'the relay published it',
        {
          timeoutMs: 15_000,
        },
      );
      // The relay deletes the row after the confirm, so possibly after a consumer already has the event.
      await waitFor(
        async () => (await countRows('outbox', 'message_id', `user-deleted/${user.id}`)) === 0,
        'the relay deleted the published row',
      );
    });
  });
}
