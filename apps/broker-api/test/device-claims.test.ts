import type {
  DeviceResponse,
  IssuedClaimCodeResponse,
  MessagePayload,
  ProvisionedDeviceResponse,
} from '@homeport/contracts';
import { buildClaimQrPayload, deviceChangedV1, publicApiLiveEventsQueue } from '@homeport/contracts';
import { createAmqpMessageBus } from '@homeport/messaging';
import { readTestServerUrls, waitFor } from '@homeport/testing';
import { createTestEnvironment, type TestEnvironment, type TestInstance } from './support/environment';
import { createLampVendor, provisionLamp } from './support/provisioning';

type Refusal = { code: string; message: string };

describe('broker-api claim codes', () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  let vendorId: string;

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_claims');
    instance = await environment.startInstance();
    vendorId = await createLampVendor(instance);
  });
  afterAll(async () => {
    await environment.close();
  });

  const provision = () => provisionLamp(instance, vendorId);
  const claim = (claimCode: string, ownerId: string) =>
    instance.api<DeviceResponse & Refusal>('POST', '/devices/claims', { claimCode, ownerId });
  const codeInvalid = {
    status: 404,
    body: expect.objectContaining({ code: 'CLAIM_CODE_INVALID' }) as unknown,
  };

  it('a new device answers its claim code once, grouped; the registry keeps only its SHA-256', async () => {
    const device = await provision();
    expect(device).toMatchObject({ vendorId, productId: 'lamp', ownerId: null });
    expect(device.claimCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){3}[0-9A-HJKMNP-TV-Z]{5}$/);
    const read = await instance.api<Record<string, unknown>>('GET', `/devices/${device.id}`);
    expect(read.body).not.toHaveProperty('claimCode');
    const stored = await environment.pool.query<{ claim_code_hash: Buffer }>(
      'SELECT claim_code_hash FROM broker_api.devices WHERE id = $1',
      [device.id],
    );
    expect(stored.rows[0]?.claim_code_hash).toHaveLength(32);
    expect(JSON.stringify(stored.rows)).not.toContain(device.claimCode.replaceAll('-', ''));
  });

  it('a claim with the code gives the device its owner and voids the code: a second claim is refused', async () => {
    const device = await provision();
    const claimed = await claim(device.claimCode.toLowerCase(), 'home-1');
    expect(claimed).toMatchObject({ status: 200, body: { id: device.id, ownerId: 'home-1' } });
    expect(await claim(device.claimCode, 'home-2')).toMatchObject(codeInvalid);
    expect((await instance.api<DeviceResponse>('GET', `/devices/${device.id}`)).body.ownerId).toBe('home-1');
  });

  it('an unknown code, a malformed one and a used one get the same answer', async () => {
    const unknown = await claim('00000-00000-00000-00000', 'home-1');
    const malformed = await claim('not a code', 'home-1');
    expect(unknown).toMatchObject(codeInvalid);
    expect(malformed).toMatchObject(codeInvalid);
    expect(malformed.body.message).toBe(unknown.body.message);
  });

  it('of ten concurrent claims of one code exactly one wins', async () => {
    const device = await provision();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => claim(device.claimCode, `home-${index}`)),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 404)).toHaveLength(9);
  });

  it('the QR payload claims like the typed code', async () => {
    const device = await provision();
    const payload = buildClaimQrPayload(device.claimCode.replaceAll('-', ''));
    expect(payload).toBe(`HOMEPORT:1:${device.claimCode}`);
    expect(await claim(payload, 'home-qr')).toMatchObject({ status: 200, body: { ownerId: 'home-qr' } });
  });

  it('a new code voids the previous one; a claimed device gets none (409 DEVICE_CLAIMED)', async () => {
    const device = await provision();
    const issued = await instance.api<IssuedClaimCodeResponse>('POST', `/devices/${device.id}/claim-code`);
    expect(issued).toMatchObject({ status: 201, body: { deviceId: device.id } });
    expect(issued.body.claimCode).not.toBe(device.claimCode);
    expect(await claim(device.claimCode, 'home-1')).toMatchObject(codeInvalid);
    expect((await claim(issued.body.claimCode, 'home-1')).status).toBe(200);
    const again = await instance.api<Refusal>('POST', `/devices/${device.id}/claim-code`);
    expect(again).toMatchObject({ status: 409, body: { code: 'DEVICE_CLAIMED' } });
    const missing = await instance.api<Refusal>('POST', '/devices/dev-missing/claim-code');
    expect(missing).toMatchObject({ status: 404, body: { code: 'DEVICE_NOT_FOUND' } });
  });

  it("a release by its owner answers a new code for the next owner; anyone else's is 404", async () => {
    const device = await provision();
    await claim(device.claimCode, 'home-a');
    const path = `/devices/${device.id}/release`;
    const wrong = await instance.api<Refusal>('POST', path, { ownerId: 'home-b' });
    expect(wrong).toMatchObject({ status: 404, body: { code: 'DEVICE_NOT_FOUND' } });
    const released = await instance.api<ProvisionedDeviceResponse>('POST', path, { ownerId: 'home-a' });
    expect(released).toMatchObject({ status: 200, body: { id: device.id, ownerId: null } });
    expect(released.body.claimCode).not.toBe(device.claimCode);
    expect(await claim(released.body.claimCode, 'home-b')).toMatchObject({
      status: 200,
      body: { ownerId: 'home-b' },
    });
  });

  it('a transfer moves the device from its owner to another; from anyone else it is 404', async () => {
    const device = await provision();
    await claim(device.claimCode, 'home-a');
    const path = `/devices/${device.id}/transfer`;
    const wrong = await instance.api<Refusal>('POST', path, { fromOwnerId: 'home-x', toOwnerId: 'home-b' });
    expect(wrong).toMatchObject({ status: 404, body: { code: 'DEVICE_NOT_FOUND' } });
    const moved = await instance.api('POST', path, { fromOwnerId: 'home-a', toOwnerId: 'home-b' });
    expect(moved).toMatchObject({ status: 200, body: { id: device.id, ownerId: 'home-b' } });
    const listed = await instance.api<{ items: DeviceResponse[] }>('GET', '/devices?ownerId=home-b');
    expect(listed.body.items.map((item) => item.id)).toContain(device.id);
  });

  it("an operator's change of owner voids the code, so clearing the owner does not revive it", async () => {
    const device = await provision();
    await instance.api('PATCH', `/devices/${device.id}`, { ownerId: 'home-a' });
    await instance.api('PATCH', `/devices/${device.id}`, { ownerId: null });
    expect(await claim(device.claimCode, 'home-b')).toMatchObject(codeInvalid);
  });

  it('a first claim keeps the whole history visible; a release or a transfer starts it anew, a rename does not', async () => {
    const device = await provision();
    const claimed = await claim(device.claimCode, 'home-a');
    expect(claimed).toMatchObject({ status: 200, body: { historySince: null } });
    const path = `/devices/${device.id}`;
    const beforeRelease = Date.now();
    const released = await instance.api<ProvisionedDeviceResponse>('POST', `${path}/release`, {
      ownerId: 'home-a',
    });
    const releasedSince = Date.parse(released.body.historySince ?? '');
    expect(releasedSince).toBeGreaterThanOrEqual(beforeRelease - 1000);
    const reclaimed = await claim(released.body.claimCode, 'home-b');
    expect(reclaimed.body).toMatchObject({ ownerId: 'home-b', historySince: released.body.historySince });

    const moved = await instance.api<DeviceResponse>('POST', `${path}/transfer`, {
      fromOwnerId: 'home-b',
      toOwnerId: 'home-c',
    });
    expect(Date.parse(moved.body.historySince ?? '')).toBeGreaterThanOrEqual(releasedSince);
    const renamed = await instance.api<DeviceResponse>('PATCH', path, { name: 'Hall' });
    expect(renamed.body.historySince).toBe(moved.body.historySince);
    const sameOwner = await instance.api<DeviceResponse>('PATCH', path, { ownerId: 'home-c' });
    expect(sameOwner.body.historySince).toBe(moved.body.historySince);
  });

  it('each committed change (claim, rename, desired state, transfer, release) is announced as device.changed, an ownership change with its new owner, a desired one with its properties and who asked; a refused one is not', async () => {
    // What public-api's live-events consumer receives (the queue declared under the suite's prefix).
    const changes: MessagePayload<typeof deviceChangedV1>[] = [];
    const publicApiBus = await createAmqpMessageBus({
      url: readTestServerUrls().amqpUrl,
      connectionName: `${environment.amqpPrefix}public-api`,
      queues: [publicApiLiveEventsQueue],
      namePrefix: environment.amqpPrefix,
    });
    try {
      const ignore = () => Promise.resolve();
      await publicApiBus.consume(publicApiLiveEventsQueue, {
        'device.state-changed.v1': ignore,
        'device.presence.v1': ignore,
        'alert.fired.v1': ignore,
        'alert.resolved.v1': ignore,
        'alert.acknowledged.v1': ignore,
        'alert.escalated.v1': ignore,
        'alert.flapping-changed.v1': ignore,
        [deviceChangedV1.type]: (event) => Promise.resolve(void changes.push(event)),
      });
      const device = await provision();
      const path = `/devices/${device.id}`;
      await claim(device.claimCode, 'home-a');
      await instance.api('PATCH', path, { name: 'Hall lamp' });
      await instance.api('PATCH', `${path}/desired`, { state: { on: true }, source: 'automation' });
      expect(await instance.api('POST', `${path}/release`, { ownerId: 'home-x' })).toMatchObject({
        status: 404,
      });
      await instance.api('POST', `${path}/transfer`, { fromOwnerId: 'home-a', toOwnerId: 'home-b' });
      await instance.api('POST', `${path}/release`, { ownerId: 'home-b' });
      const expected = ['ownership', 'details', 'desired', 'ownership', 'ownership'];
      await waitFor(() => changes.length >= expected.length, 'the changes announced');
      expect(changes.map((event) => event.change).sort()).toEqual([...expected].sort());
      expect(changes.every((event) => event.deviceId === device.id && event.vendorId === vendorId)).toBe(
        true,
      );
      const owners = changes.filter((event) => event.change === 'ownership').map((event) => event.ownerId);
      expect(owners).toEqual(expect.arrayContaining(['home-a', 'home-b', null]));
      expect(changes.filter((event) => event.change !== 'ownership').map((event) => event.ownerId)).toEqual([
        undefined,
        undefined,
      ]);
      // For analytics' feature usage: the properties the change touched and who asked.
      expect(changes.find((event) => event.change === 'desired')).toMatchObject({
        properties: ['on'],
        source: 'automation',
      });
    } finally {
      await publicApiBus.close();
    }
  });
});
