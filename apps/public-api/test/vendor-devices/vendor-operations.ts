import {
  assistantMappingExample,
  deviceChangedV1,
  type CommandList,
  type CommandResponse,
  type CredentialList,
  type DesiredStateResponse,
  type DeviceResponse,
  type HomeResponse,
  type IssuedCredentialResponse,
  type ProductPage,
  type ProductResponse,
  type ShadowResponse,
  type VendorDevicePage,
  type VendorDeviceResponse,
} from '@homeport/contracts';
import { listenForEvents, waitFor, type EventListener } from '@homeport/testing';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createVendorFixtures, type VendorFixtures } from '../support/vendor-fixtures';

interface AuditRow {
  action: string;
  actor_user_id: string;
  vendor_id: string;
  device_id: string | null;
  details: Record<string, unknown>;
}

export function describeVendorOperations(shared: SharedTestEnvironment): void {
  describe('vendor members operate their vendor through public-api, backed by a real broker-api', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let fixtures: VendorFixtures;
    let member: TestUser;
    let otherMember: TestUser;
    let homeOwner: TestUser;
    let home: HomeResponse;
    let changes: EventListener<typeof deviceChangedV1>;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      changes = await listenForEvents(environment.amqpPrefix, deviceChangedV1);
      fixtures = createVendorFixtures(environment);
      [member, otherMember, homeOwner] = [
        await instance.createUser(),
        await instance.createUser(),
        await instance.createUser(),
      ];
      for (const vendorId of ['acme', 'globex']) {
        await fixtures.createVendor(vendorId);
        await fixtures.createProduct(vendorId, 'thermo');
      }
      await fixtures.addMember('acme', member.id);
      await fixtures.addMember('globex', otherMember.id, 'admin');
      home = (
        await instance.api<HomeResponse>(
          'POST',
          '/v1/homes',
          { name: 'Rue des Lilas', timeZone: 'Europe/Paris' },
          homeOwner.tokens.accessToken,
        )
      ).body;
    });
    afterAll(async () => {
      await changes.close();
      await environment.close();
    });

    const asMember = <T>(method: string, path: string, body?: unknown) =>
      instance.api<T>(method, path, body, member.tokens.accessToken);
    const auditOf = async (deviceOrVendorId: string) =>
      (
        await environment.pool.query<AuditRow>(
          `SELECT action, actor_user_id, vendor_id, device_id, details FROM public_api.audit_entries
         WHERE device_id = $1 OR (device_id IS NULL AND vendor_id = $1) ORDER BY id`,
          [deviceOrVendorId],
        )
      ).rows;

    it('a member creates a product, reads and lists it, and deletes an unused one; both audited', async () => {
      const body = { id: 'plug-1', name: 'Smart plug', features: ['power'] };
      const created = await asMember<ProductResponse>('POST', '/v1/vendors/acme/products', body);
      expect(created).toMatchObject({ status: 201, body: { vendorId: 'acme', ...body } });
      expect((await asMember('POST', '/v1/vendors/acme/products', body)).body).toMatchObject({
        code: 'PRODUCT_EXISTS',
      });
      const listed = await asMember<ProductPage>('GET', '/v1/vendors/acme/products?limit=10');
      expect(listed.body.items.map((product) => product.id)).toEqual(['plug-1', 'thermo']);
      expect((await asMember('GET', '/v1/vendors/acme/products/plug-1')).body).toMatchObject(body);

      expect((await asMember('DELETE', '/v1/vendors/acme/products/plug-1')).status).toBe(204);
      expect((await fixtures.admin('GET', '/vendors/acme/products/plug-1')).status).toBe(404);
      expect(await auditOf('acme')).toEqual([
        expect.objectContaining({
          action: 'product.created',
          actor_user_id: member.id,
          details: { productId: 'plug-1' },
        }),
        expect.objectContaining({
          action: 'product.deleted',
          actor_user_id: member.id,
          details: { productId: 'plug-1' },
        }),
      ]);
    });

    it("a member maps a product for the voice assistants, reads it back, is told which field does not fit, and removes it; audited, another vendor's member gets 404", async () => {
      const features = ['temperature', 'setpoint', 'mode'];
      await asMember('POST', '/v1/vendors/acme/products', { id: 'thermo-voice', name: 'Thermo', features });
      const path = '/v1/vendors/acme/products/thermo-voice/assistant-mapping';

      expect(await asMember('GET', path)).toMatchObject({
        status: 404,
        body: { code: 'ASSISTANT_MAPPING_NOT_FOUND' },
      });
      expect(await asMember('PUT', path, assistantMappingExample)).toEqual({
        status: 200,
        body: assistantMappingExample,
      });
      expect((await asMember('GET', path)).body).toEqual(assistantMappingExample);
      const product = await asMember<ProductResponse>('GET', '/v1/vendors/acme/products/thermo-voice');
      expect(product.body.assistantMapping).toEqual(assistantMappingExample);

      const { capabilities } = assistantMappingExample;
      const misnamed = {
        deviceType: 'thermostat',
        capabilities: { ...capabilities, currentTemperature: { property: 'temp', unit: 'celsius' } },
      };
      expect(await asMember('PUT', path, misnamed)).toMatchObject({
        status: 400,
        body: {
          code: 'ASSISTANT_MAPPING_INVALID',
          details: {
            fields: [expect.objectContaining({ path: '/capabilities/currentTemperature/property' })],
          },
        },
      });
      const asOther = await instance.api(
        'PUT',
        path,
        assistantMappingExample,
        otherMember.tokens.accessToken,
      );
      expect(asOther).toMatchObject({ status: 404, body: { code: 'VENDOR_NOT_FOUND' } });

      expect((await asMember('DELETE', path)).status).toBe(204);
      expect((await asMember('GET', path)).status).toBe(404);
      const mappingAudit = (await auditOf('acme')).filter(({ action }) =>
        action.includes('assistant-mapping'),
      );
      expect(mappingAudit).toEqual([
        expect.objectContaining({
          action: 'product.assistant-mapping-set',
          actor_user_id: member.id,
          details: { productId: 'thermo-voice' },
        }),
        expect.objectContaining({
          action: 'product.assistant-mapping-removed',
          details: { productId: 'thermo-voice' },
        }),
      ]);
    });

    it("lists only its vendor's devices, by product and by claimed, in pages, showing claimed and never the home", async () => {
      await fixtures.createProduct('acme', 'lamp');
      const mine = [
        await fixtures.createDevice('acme', 'thermo', { id: 'acme-list-1' }),
        await fixtures.createDevice('acme', 'thermo', { id: 'acme-list-2', ownerId: home.id }),
        await fixtures.createDevice('acme', 'lamp', { id: 'acme-list-3' }),
      ];
      await fixtures.createDevice('globex', 'thermo', { id: 'globex-list-1' });
      const ids = (page: VendorDevicePage) => page.items.map((device) => device.id);

      const all = await asMember<VendorDevicePage>('GET', '/v1/vendors/acme/devices?limit=500');
      expect(ids(all.body).filter((id) => id.startsWith('acme-list') || id.startsWith('globex'))).toEqual(
        mine.map((device) => device.id),
      );
      expect(all.body.items.every((device) => device.vendorId === 'acme')).toBe(true);
      expect(JSON.stringify(all.body)).not.toContain(home.id);
      expect(all.body.items.find((device) => device.id === 'acme-list-2')).toMatchObject({ claimed: true });
      expect(Object.keys(all.body.items[0] ?? {})).not.toContain('ownerId');

      const lamps = await asMember<VendorDevicePage>('GET', '/v1/vendors/acme/devices?productId=lamp');
      expect(ids(lamps.body)).toEqual(['acme-list-3']);
      const claimed = await asMember<VendorDevicePage>('GET', '/v1/vendors/acme/devices?claimed=true');
      expect(ids(claimed.body)).toEqual(['acme-list-2']);
      const unclaimed = await asMember<VendorDevicePage>(
        'GET',
        '/v1/vendors/acme/devices?claimed=false&productId=thermo&limit=1',
      );
      // Filtered by the registry: a full page, and no nextAfter when nothing more matches.
      expect(unclaimed.body).toEqual({ items: [expect.objectContaining({ id: 'acme-list-1' })] });
    });

    it("searches its devices by id or name prefix, with claimed and online, in pages; another vendor's matching devices never appear", async () => {
      await fixtures.createDevice('acme', 'thermo', { id: 'srch-a1', name: 'Kitchen' });
      await fixtures.createDevice('acme', 'thermo', { id: 'srch-a2', ownerId: home.id });
      await fixtures.createDevice('acme', 'thermo', { id: 'kit-9', name: 'Srch bench' });
      await fixtures.createDevice('globex', 'thermo', { id: 'srch-g1', name: 'Srch of globex' });
      const ids = (page: VendorDevicePage) => page.items.map((device) => device.id);
      const search = async (query: string) =>
        (await asMember<VendorDevicePage>('GET', `/v1/vendors/acme/devices?${query}`)).body;

      expect(ids(await search('search=SRCH'))).toEqual(['kit-9', 'srch-a1', 'srch-a2']);
      expect(ids(await search('search=kitchen'))).toEqual(['srch-a1']);
      expect(ids(await search('search=srch&claimed=true'))).toEqual(['srch-a2']);
      expect(ids(await search('search=srch&online=true'))).toEqual([]);
      const first = await search('search=srch&online=false&claimed=false&limit=1');
      expect(ids(first)).toEqual(['kit-9']);
      const second = await search(
        `search=srch&online=false&claimed=false&limit=1&after=${first.nextAfter ?? ''}`,
      );
      expect(second).toEqual({ items: [expect.objectContaining({ id: 'srch-a1', claimed: false })] });

      const asOther = (path: string) =>
        instance.api<VendorDevicePage>('GET', path, undefined, otherMember.tokens.accessToken);
      expect(ids((await asOther('/v1/vendors/globex/devices?search=srch')).body)).toEqual(['srch-g1']);
      expect((await asOther('/v1/vendors/acme/devices?search=srch')).body).toMatchObject({
        code: 'VENDOR_NOT_FOUND',
      });
      expect(await asMember('GET', `/v1/vendors/acme/devices?search=${'x'.repeat(65)}`)).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
    });

    it('reads and renames one of its devices; another vendor cannot see it', async () => {
      await fixtures.createDevice('acme', 'thermo', { id: 'acme-rename' });
      const renamed = await asMember<VendorDeviceResponse>('PATCH', '/v1/vendors/acme/devices/acme-rename', {
        name: 'Bench 3',
      });
      expect(renamed).toMatchObject({
        status: 200,
        body: { id: 'acme-rename', name: 'Bench 3', claimed: false },
      });
      expect((await fixtures.admin<DeviceResponse>('GET', '/devices/acme-rename')).body.name).toBe('Bench 3');
      const other = (method: string, path: string) =>
        instance.api(method, path, undefined, otherMember.tokens.accessToken);
      expect((await other('GET', '/v1/vendors/acme/devices/acme-rename')).body).toMatchObject({
        code: 'VENDOR_NOT_FOUND',
      });
      expect(await other('GET', '/v1/vendors/globex/devices/acme-rename')).toMatchObject({
        status: 404,
        body: { code: 'DEVICE_NOT_FOUND', message: 'device acme-rename not found' },
      });
    });

    it('issues a credential whose secret is shown once, rotates it and revokes the new one; each audited', async () => {
      await fixtures.createDevice('acme', 'thermo', { id: 'acme-cred' });
      const base = '/v1/vendors/acme/devices/acme-cred/credentials';
      const issued = await asMember<IssuedCredentialResponse>('POST', base);
      expect(issued).toMatchObject({
        status: 201,
        body: { deviceId: 'acme-cred', mqtt: { username: 'acme-cred' } },
      });
      expect(issued.body.secret.length).toBeGreaterThanOrEqual(40);
      expect((await asMember('POST', base)).body).toMatchObject({ code: 'CREDENTIAL_EXISTS' });

      const rotated = await asMember<IssuedCredentialResponse>('POST', `${base}/rotate`);
      expect(rotated.status).toBe(201);
      expect(rotated.body.secret).not.toBe(issued.body.secret);
      const listed = await asMember<CredentialList>('GET', base);
      expect(JSON.stringify(listed.body)).not.toContain(issued.body.secret);
      expect(listed.body.items).toEqual([
        expect.objectContaining({ id: rotated.body.credentialId, revokedAt: null }),
        expect.objectContaining({ id: issued.body.credentialId, revokedAt: expect.any(String) as unknown }),
      ]);
      const revoked = await asMember('POST', `${base}/${rotated.body.credentialId}/revoke`);
      expect(revoked).toMatchObject({ status: 200, body: { revokedAt: expect.any(String) as unknown } });

      expect((await auditOf('acme-cred')).map((row) => [row.action, row.vendor_id, row.details])).toEqual([
        ['credential.issued', 'acme', { credentialId: issued.body.credentialId }],
        ['credential.rotated', 'acme', { credentialId: rotated.body.credentialId }],
        ['credential.revoked', 'acme', { credentialId: rotated.body.credentialId }],
      ]);
    });

    it("changes desired state at an expected version; a stale version is broker-api's 409 DESIRED_VERSION_MISMATCH", async () => {
      await fixtures.createDevice('acme', 'thermo', { id: 'acme-desired' });
      const desired = '/v1/vendors/acme/devices/acme-desired/desired';
      const put = await asMember<DesiredStateResponse>('PUT', desired, {
        state: { targetTemperature: 21 },
        expectedVersion: 0,
      });
      expect(put).toMatchObject({ status: 200, body: { version: 1, state: { targetTemperature: 21 } } });
      const stale = await asMember('PATCH', desired, { state: { mode: 'eco' }, expectedVersion: 0 });
      expect(stale).toMatchObject({
        status: 409,
        body: { code: 'DESIRED_VERSION_MISMATCH', details: { version: 1 } },
      });
      const patched = await asMember<DesiredStateResponse>('PATCH', desired, {
        state: { mode: 'eco' },
        expectedVersion: 1,
      });
      expect(patched.body).toMatchObject({ version: 2, state: { targetTemperature: 21, mode: 'eco' } });
      expect((await asMember<DesiredStateResponse>('GET', desired)).body.version).toBe(2);
      const shadow = await asMember<ShadowResponse>('GET', '/v1/vendors/acme/devices/acme-desired/shadow');
      expect(shadow.body).toMatchObject({ desired: { version: 2 }, reported: null });
      expect((await auditOf('acme-desired')).map((row) => [row.action, row.details])).toEqual([
        ['desired.changed', { mode: 'replace', version: 1, properties: ['targetTemperature'] }],
        ['desired.changed', { mode: 'merge', version: 2, properties: ['mode'] }],
      ]);
      // Analytics counts them as the vendor's; a caller cannot claim to be someone else.
      const announced = () =>
        changes.events().filter((event) => event.deviceId === 'acme-desired' && event.change === 'desired');
      await waitFor(() => announced().length === 2, 'both changes announced');
      expect(announced().map(({ properties, source }) => ({ properties, source }))).toEqual(
        expect.arrayContaining([
          { properties: ['targetTemperature'], source: 'vendor' },
          { properties: ['mode'], source: 'vendor' },
        ]),
      );
      const posing = await asMember('PATCH', desired, { state: { mode: 'eco' }, source: 'automation' });
      expect(posing.status).toBe(400);
    });

    it('sends a command, lists it and reads it back; audited with the command id', async () => {
      await fixtures.createDevice('acme', 'thermo', { id: 'acme-cmd' });
      const commands = '/v1/vendors/acme/devices/acme-cmd/commands';
      const sent = await asMember<CommandResponse>('POST', commands, {
        name: 'reboot',
        params: { delaySeconds: 5 },
        ttlSeconds: 600,
      });
      expect(sent).toMatchObject({ status: 201, body: { name: 'reboot', status: 'pending' } });
      expect((await asMember<CommandList>('GET', commands)).body.items.map((c) => c.id)).toEqual([
        sent.body.id,
      ]);
      expect((await asMember('GET', `${commands}/${sent.body.id}`)).body).toMatchObject({ id: sent.body.id });
      expect((await asMember('GET', `${commands}/cmd-unknown`)).body).toMatchObject({
        code: 'COMMAND_NOT_FOUND',
      });
      expect(await auditOf('acme-cmd')).toEqual([
        expect.objectContaining({
          action: 'command.sent',
          details: { commandId: sent.body.id, name: 'reboot' },
        }),
      ]);
    });

    it('deletes one of its devices from broker-api; audited', async () => {
      await fixtures.createDevice('acme', 'thermo', { id: 'acme-delete' });
      expect((await asMember('DELETE', '/v1/vendors/acme/devices/acme-delete')).status).toBe(204);
      expect((await fixtures.admin('GET', '/devices/acme-delete')).status).toBe(404);
      expect((await asMember('GET', '/v1/vendors/acme/devices/acme-delete')).body).toMatchObject({
        code: 'DEVICE_NOT_FOUND',
      });
      expect((await auditOf('acme-delete')).map((row) => row.action)).toEqual(['device.deleted']);
    });

    it('a home owner with no vendor role gets 404 VENDOR_NOT_FOUND, for an existing vendor as for none', async () => {
      for (const vendorId of ['acme', 'no-such-vendor']) {
        const answer = await instance.api(
          'GET',
          `/v1/vendors/${vendorId}/products`,
          undefined,
          homeOwner.tokens.accessToken,
        );
        expect(answer).toMatchObject({
          status: 404,
          body: { code: 'VENDOR_NOT_FOUND', message: 'no such vendor among yours' },
        });
      }
    });
  });
}
