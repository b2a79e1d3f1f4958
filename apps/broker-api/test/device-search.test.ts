import type { DevicePage, ProvisionedDeviceResponse } from '@homeport/contracts';
import { createTestEnvironment, type TestEnvironment, type TestInstance } from './support/environment';
import { connectDevice, eventually } from './support/mqtt-clients';
import { createVendorId, provisionDevice, type TestDevice } from './support/provisioning';

describe("a vendor's device table: search, claimed and online filters in the registry", () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  const vendorId = createVendorId();
  const otherVendorId = createVendorId();
  let connectable: TestDevice;

  const create = async (vendor: string, id: string, name?: string) => {
    const answer = await instance.api<ProvisionedDeviceResponse>('POST', '/devices', {
      vendorId: vendor,
      productId: 'thermostat',
      id,
      ...(name !== undefined && { name }),
    });
    if (answer.status !== 201) throw new Error(`device ${id}: ${answer.status}`);
    return answer.body;
  };
  const list = async (query: string) => {
    const answer = await instance.api<DevicePage>('GET', `/devices?vendorId=${vendorId}&${query}`);
    if (answer.status !== 200)
      throw new Error(`GET ${query}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const ids = (page: DevicePage) => page.items.map((device) => device.id);

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_search');
    instance = await environment.startInstance();
    for (const vendor of [vendorId, otherVendorId]) {
      await instance.api('POST', '/vendors', { id: vendor, name: 'Acme' });
      await instance.api('POST', `/vendors/${vendor}/products`, {
        id: 'thermostat',
        name: 'Thermostat',
        features: [],
      });
    }
    await create(vendorId, 'TH-0001', 'Hall');
    await create(vendorId, 'th-0002', 'Living room');
    await create(vendorId, 'th-0010');
    await create(vendorId, 'lamp-1', 'Thermal lamp');
    await create(vendorId, 'th_x', 'Bench');
    await create(vendorId, 'thAx');
    await create(otherVendorId, 'th-9999', 'Thermostat of another vendor');
    const claimed = await create(vendorId, 'th-0003', 'Attic');
    await instance.api('POST', '/devices/claims', { claimCode: claimed.claimCode, ownerId: 'home-1' });
    connectable = await provisionDevice(instance, { vendorId, deviceId: 'th-0500' });
  });
  afterAll(async () => {
    await environment.close();
  });

  it('finds devices whose id or name starts with the search, whatever its case, in id order and within the vendor', async () => {
    expect(ids(await list('search=th-00'))).toEqual(['TH-0001', 'th-0002', 'th-0003', 'th-0010']);
    expect(ids(await list('search=tH'))).toEqual([
      'TH-0001',
      'lamp-1',
      'th-0002',
      'th-0003',
      'th-0010',
      'th-0500',
      'thAx',
      'th_x',
    ]);
    expect(ids(await list('search=LIVING'))).toEqual(['th-0002']);
    expect(ids(await list('search=room'))).toEqual([]);
  });

  it('takes % and _ in a search as the characters themselves', async () => {
    expect(ids(await list('search=th_'))).toEqual(['th_x']);
    expect(ids(await list('search=%25'))).toEqual([]);
  });

  it('filters a search by claimed or not', async () => {
    expect(ids(await list('search=th-00&claimed=true'))).toEqual(['th-0003']);
    expect(ids(await list('search=th-00&claimed=false'))).toEqual(['TH-0001', 'th-0002', 'th-0010']);
  });

  it('filters a search by online once a device is connected', async () => {
    const client = await connectDevice(instance.mqttUrl, connectable);
    try {
      const online = await eventually(
        () => list('search=th-0&online=true'),
        (page) => page.items.length > 0,
      );
      expect(ids(online)).toEqual(['th-0500']);
      expect(ids(await list('search=th-05&online=false'))).toEqual([]);
    } finally {
      await client.endAsync();
    }
  });

  it('pages through a search by id with after, each device once', async () => {
    const first = await list('search=th&limit=3');
    expect(ids(first)).toEqual(['TH-0001', 'lamp-1', 'th-0002']);
    const second = await list(`search=th&limit=3&after=${first.nextAfter ?? ''}`);
    expect(ids(second)).toEqual(['th-0003', 'th-0010', 'th-0500']);
    const third = await list(`search=th&limit=3&after=${second.nextAfter ?? ''}`);
    expect(ids(third)).toEqual(['thAx', 'th_x']);
    expect(third.nextAfter).toBeUndefined();
  });

  it('refuses an empty or too long search with 400', async () => {
    for (const search of ['', 'x'.repeat(65)]) {
      const answer = await instance.api('GET', `/devices?vendorId=${vendorId}&search=${search}`);
      expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
  });
});
