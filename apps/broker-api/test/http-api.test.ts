import {
  assistantMappingExample,
  type CredentialList,
  type DevicePage,
  type DeviceResponse,
  type DeviceViewResponse,
  type IssuedCredentialResponse,
  type ProductResponse,
  type ProvisionedDeviceResponse,
  type VendorPage,
} from '@homeport/contracts';
import {
  createTestEnvironment,
  registryReadToken,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import { createVendorId } from './support/provisioning';

describe('broker-api HTTP API', () => {
  let environment: TestEnvironment;
  let instance: TestInstance;

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_http');
    instance = await environment.startInstance();
  });
  afterAll(async () => {
    await environment.close();
  });

  it('without the service token (or with a wrong one) every API route answers 401, the ops routes stay open', async () => {
    for (const token of [null, 'wrong-token']) {
      const answer = await instance.api<{ code: string }>('GET', '/vendors', undefined, token);
      expect(answer).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    }
    expect((await instance.api('GET', '/health', undefined, null)).status).toBe(200);
    expect((await instance.api('GET', '/ready', undefined, null)).status).toBe(200);
    const metrics = await fetch(`${instance.running.http.url}/metrics`);
    expect(await metrics.text()).toContain('mqtt_refusals_total');
  });

  it('the registry read token reads devices and nothing else: every other call is 403 TOKEN_SCOPE_INSUFFICIENT', async () => {
    const vendorId = createVendorId();
    await instance.api('POST', '/vendors', { id: vendorId, name: 'Acme' });
    await instance.api('POST', `/vendors/${vendorId}/products`, { id: 'lamp', name: 'Lamp', features: [] });
    const device = await instance.api<ProvisionedDeviceResponse>('POST', '/devices', {
      vendorId,
      productId: 'lamp',
    });
    const path = `/devices/${device.body.id}`;
    const read = (method: string, route: string, body?: unknown) =>
      instance.api<{ code: string }>(method, route, body, registryReadToken);

    expect(await read('GET', path)).toMatchObject({ status: 200, body: { id: device.body.id, vendorId } });
    expect(await read('GET', `/devices?vendorId=${vendorId}`)).toMatchObject({ status: 200 });
    expect(await read('GET', '/devices/dev-missing')).toMatchObject({ status: 404 });
    const refused = [
      await read('PATCH', path, { name: 'x' }),
      await read('DELETE', path),
      await read('POST', '/devices', { vendorId, productId: 'lamp' }),
      await read('POST', `${path}/credentials`),
      await read('GET', `${path}/credentials`),
      await read('GET', `${path}/shadow`),
      await read('GET', `${path}/view`),
      await read('PUT', `${path}/desired`, { state: { on: true } }),
      await read('GET', '/vendors'),
    ];
    for (const answer of refused) {
      expect(answer).toEqual({
        status: 403,
        body: expect.objectContaining({
          code: 'TOKEN_SCOPE_INSUFFICIENT',
          message: 'this token may only read devices (GET /devices, GET /devices/:deviceId)',
        }) as unknown,
      });
    }
    // Nothing the refused calls asked for happened.
    const { claimCode: _shownOnce, ...unchanged } = device.body;
    expect((await instance.api<DeviceResponse>('GET', path)).body).toEqual(unchanged);
    expect((await instance.api<CredentialList>('GET', `${path}/credentials`)).body).toMatchObject({
      items: [],
    });
  });

  it('vendors, products and devices can be created, listed, read, updated and deleted', async () => {
    const vendorId = createVendorId();
    expect((await instance.api('POST', '/vendors', { id: vendorId, name: 'Acme' })).status).toBe(201);
    const product = await instance.api<ProductResponse>('POST', `/vendors/${vendorId}/products`, {
      id: 'lamp',
      name: 'Lamp',
      features: ['on', 'brightness'],
    });
    expect(product).toMatchObject({
      status: 201,
      body: { vendorId, id: 'lamp', features: ['on', 'brightness'] },
    });
    const created = await instance.api<DeviceResponse>('POST', '/devices', { vendorId, productId: 'lamp' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      vendorId,
      productId: 'lamp',
      ownerId: null,
      online: false,
      lastSeenAt: null,
    });
    const deviceId = created.body.id;
    await instance.api('POST', '/devices', { id: `${deviceId}-b`, vendorId, productId: 'lamp' });
    await instance.api('PATCH', `/devices/${deviceId}-b`, { ownerId: 'user-1' });

    const vendors = await instance.api<VendorPage>('GET', `/vendors?limit=500`);
    expect(vendors.body.items.map((vendor) => vendor.id)).toContain(vendorId);
    const owned = await instance.api<DevicePage>('GET', `/devices?vendorId=${vendorId}&ownerId=user-1`);
    expect(owned.body.items.map((device) => device.id)).toEqual([`${deviceId}-b`]);
    // One person's homes at once (owner ids repeated), and by presence.
    await instance.api('POST', '/devices', { id: `${deviceId}-c`, vendorId, productId: 'lamp' });
    await instance.api('PATCH', `/devices/${deviceId}-c`, { ownerId: 'user-3' });
    const ofHomes = `/devices?vendorId=${vendorId}&ownerIds=user-1&ownerIds=user-3`;
    const severalOwners = await instance.api<DevicePage>('GET', ofHomes);
    expect(severalOwners.body.items.map((device) => device.id)).toEqual([`${deviceId}-b`, `${deviceId}-c`]);
    const oneOwner = await instance.api<DevicePage>('GET', `/devices?ownerIds=user-3&vendorId=${vendorId}`);
    expect(oneOwner.body.items.map((device) => device.id)).toEqual([`${deviceId}-c`]);
    expect((await instance.api<DevicePage>('GET', `${ofHomes}&online=true`)).body.items).toEqual([]);
    const offline = await instance.api<DevicePage>('GET', `${ofHomes}&online=false&limit=1`);
    expect(offline.body).toMatchObject({ items: [{ id: `${deviceId}-b` }], nextAfter: `${deviceId}-b` });
    const firstPage = await instance.api<DevicePage>('GET', `/devices?vendorId=${vendorId}&limit=1`);
    expect(firstPage.body).toMatchObject({ items: [{ id: deviceId }], nextAfter: deviceId });

    const updated = await instance.api('PATCH', `/devices/${deviceId}`, { ownerId: 'user-2', name: 'Hall' });
    expect(updated.body).toMatchObject({ ownerId: 'user-2', name: 'Hall' });
    const cleared = await instance.api('PATCH', `/devices/${deviceId}`, { ownerId: null });
    expect(cleared.body).toMatchObject({ ownerId: null, name: 'Hall' });

    expect((await instance.api('DELETE', `/devices/${deviceId}`)).status).toBe(204);
    expect((await instance.api('GET', `/devices/${deviceId}`)).status).toBe(404);
  });

  it("a vendor's assistant mapping is saved and read back with the product and its devices' view, refused when a property is not a feature, and removed", async () => {
    const vendorId = createVendorId();
    await instance.api('POST', '/vendors', { id: vendorId, name: 'Acme' });
    const features = ['temperature', 'setpoint', 'mode'];
    await instance.api('POST', `/vendors/${vendorId}/products`, { id: 'thermo', name: 'Thermo', features });
    const device = await instance.api<DeviceResponse>('POST', '/devices', { vendorId, productId: 'thermo' });
    const mappingPath = `/vendors/${vendorId}/products/thermo/assistant-mapping`;

    const saved = await instance.api<ProductResponse>('PUT', mappingPath, assistantMappingExample);
    expect(saved).toMatchObject({
      status: 200,
      body: { id: 'thermo', assistantMapping: assistantMappingExample },
    });
    const product = await instance.api<ProductResponse>('GET', `/vendors/${vendorId}/products/thermo`);
    expect(product.body.assistantMapping).toEqual(assistantMappingExample);
    const view = await instance.api<DeviceViewResponse>('GET', `/devices/${device.body.id}/view`);
    expect(view.body).toMatchObject({ productName: 'Thermo', assistantMapping: assistantMappingExample });

    const notAFeature = {
      ...assistantMappingExample,
      capabilities: { ...assistantMappingExample.capabilities, power: { property: 'relay' } },
    };
    expect(await instance.api('PUT', mappingPath, notAFeature)).toMatchObject({
      status: 400,
      body: {
        code: 'ASSISTANT_MAPPING_INVALID',
        details: {
          fields: [
            {
              location: 'body',
              path: '/capabilities/power/property',
              message: 'relay is not a feature of the product',
            },
          ],
        },
      },
    });
    const otherVendor = createVendorId();
    await instance.api('POST', '/vendors', { id: otherVendor, name: 'Other' });
    const elsewhere = `/vendors/${otherVendor}/products/thermo/assistant-mapping`;
    expect(await instance.api('PUT', elsewhere, assistantMappingExample)).toMatchObject({
      status: 404,
      body: { code: 'PRODUCT_NOT_FOUND' },
    });
    expect((await instance.api('DELETE', elsewhere)).status).toBe(404);

    expect((await instance.api('DELETE', mappingPath)).status).toBe(204);
    const cleared = await instance.api<DeviceViewResponse>('GET', `/devices/${device.body.id}/view`);
    expect(cleared.body.assistantMapping).toBeNull();
  });

  it('devices read at the same time (batched into one query) each get their own answer: a missing one 404, a repeated one twice', async () => {
    const vendorId = createVendorId();
    await instance.api('POST', '/vendors', { id: vendorId, name: 'Acme' });
    await instance.api('POST', `/vendors/${vendorId}/products`, { id: 'lamp', name: 'Lamp', features: [] });
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three']) {
      const device = await instance.api<ProvisionedDeviceResponse>('POST', '/devices', {
        vendorId,
        productId: 'lamp',
        name,
      });
      ids.push(device.body.id);
    }
    const reads = [...ids, 'dev-missing', ids[0] ?? ''];
    const answers = await Promise.all(
      reads.map((id) => instance.api<DeviceResponse>('GET', `/devices/${id}`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 404, 200]);
    expect(answers.map((answer) => answer.status === 200 && answer.body.name)).toEqual([
      'one',
      'two',
      'three',
      false,
      'one',
    ]);
  });

  it('missing things answer 404, taken ids and parents in use 409, malformed requests 400', async () => {
    const vendorId = createVendorId();
    expect(await instance.api('GET', `/vendors/${vendorId}`)).toMatchObject({
      status: 404,
      body: { code: 'VENDOR_NOT_FOUND' },
    });
    await instance.api('POST', '/vendors', { id: vendorId, name: 'Acme' });
    expect(await instance.api('POST', '/vendors', { id: vendorId, name: 'Again' })).toMatchObject({
      status: 409,
      body: { code: 'VENDOR_EXISTS' },
    });
    expect(await instance.api('POST', '/devices', { vendorId, productId: 'nope' })).toMatchObject({
      status: 404,
      body: { code: 'PRODUCT_NOT_FOUND' },
    });
    await instance.api('POST', `/vendors/${vendorId}/products`, { id: 'lamp', name: 'Lamp' });
    expect(await instance.api('DELETE', `/vendors/${vendorId}`)).toMatchObject({
      status: 409,
      body: { code: 'VENDOR_HAS_PRODUCTS' },
    });
    expect(await instance.api('POST', '/vendors', { id: 'has/slash', name: 'x' })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    expect((await instance.api('POST', '/devices', { vendorId, productId: 'has space' })).status).toBe(400);
    expect(await instance.api('GET', '/devices/nope/commands/nope')).toMatchObject({
      status: 404,
      body: { code: 'COMMAND_NOT_FOUND' },
    });
  });

  it('a credential secret is shown once: listing shows metadata only; a second issue answers 409, rotate works', async () => {
    const vendorId = createVendorId();
    await instance.api('POST', '/vendors', { id: vendorId, name: 'Acme' });
    await instance.api('POST', `/vendors/${vendorId}/products`, { id: 'lamp', name: 'Lamp' });
    const device = await instance.api<DeviceResponse>('POST', '/devices', { vendorId, productId: 'lamp' });
    const deviceId = device.body.id;

    const issued = await instance.api<IssuedCredentialResponse>('POST', `/devices/${deviceId}/credentials`);
    expect(issued.status).toBe(201);
    expect(issued.body.secret.length).toBeGreaterThanOrEqual(43);
    expect(issued.body.mqtt).toEqual({ clientId: deviceId, username: deviceId });
    expect(await instance.api('POST', `/devices/${deviceId}/credentials`)).toMatchObject({
      status: 409,
      body: { code: 'CREDENTIAL_EXISTS' },
    });

    const rotated = await instance.api<IssuedCredentialResponse>(
      'POST',
      `/devices/${deviceId}/credentials/rotate`,
    );
    expect(rotated.body.secret).not.toBe(issued.body.secret);
    const list = await instance.api<CredentialList>('GET', `/devices/${deviceId}/credentials`);
    expect(JSON.stringify(list.body)).not.toContain(issued.body.secret);
    expect(list.body.items).toHaveLength(2);
    const [newest, oldest] = list.body.items;
    expect(newest).toMatchObject({ id: rotated.body.credentialId, revokedAt: null });
    expect(oldest?.revokedAt).not.toBeNull();

    const stored = await environment.pool.query<{ secret_hash: Buffer }>(
      'SELECT secret_hash FROM broker_api.device_credentials WHERE id = $1',
      [rotated.body.credentialId],
    );
    expect(stored.rows[0]?.secret_hash.toString('base64url')).not.toBe(rotated.body.secret);

    const revoked = await instance.api(
      'POST',
      `/devices/${deviceId}/credentials/${rotated.body.credentialId}/revoke`,
    );
    expect(revoked).toMatchObject({ status: 200, body: { id: rotated.body.credentialId } });
    expect((revoked.body as { revokedAt: string | null }).revokedAt).not.toBeNull();
    expect((await instance.api('POST', `/devices/${deviceId}/credentials/nope/revoke`)).status).toBe(404);
  });

  it('the OpenAPI document describes the API routes', async () => {
    const document = await instance.api<{ paths: Record<string, unknown> }>(
      'GET',
      '/openapi.json',
      undefined,
      null,
    );
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/vendors',
        '/devices/{deviceId}/desired',
        '/devices/{deviceId}/commands/{commandId}',
      ]),
    );
  });
});
