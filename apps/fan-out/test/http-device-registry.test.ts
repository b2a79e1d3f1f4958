import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpDeviceRegistry } from '../src/adapters/http-device-registry';
import { startFakeDeviceRegistry, type FakeDeviceRegistry } from './support/fake-device-registry';

describe('device registry over HTTP (broker-api GET /devices/:deviceId)', () => {
  let fake: FakeDeviceRegistry;
  const createRegistry = (overrides: { baseUrl?: string; token?: string; timeoutMs?: number } = {}) =>
    createHttpDeviceRegistry({ baseUrl: fake.url, token: fake.token, timeoutMs: 1000, ...overrides });

  beforeAll(async () => {
    fake = await startFakeDeviceRegistry();
    fake.devices.set('thermostat-0042', 'acme');
  });
  afterAll(async () => {
    await fake.close();
  });

  it('a registered device is found with its vendor, an unregistered one is not', async () => {
    const registry = createRegistry({ baseUrl: `${fake.url}/` });
    await expect(registry.findDevice('thermostat-0042')).resolves.toEqual({ vendorId: 'acme' });
    await expect(registry.findDevice('ghost-1')).resolves.toBeUndefined();
    expect(fake.requests.slice(-2)).toEqual(['thermostat-0042', 'ghost-1']);
  });

  it('a refused token or a wrong URL is unavailable, never "unknown device"', async () => {
    await expect(createRegistry({ token: 'wrong' }).findDevice('ghost-1')).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'DEVICE_REGISTRY_UNAVAILABLE',
      message: expect.stringContaining('answered 401 UNAUTHENTICATED') as unknown,
    });
    await expect(createRegistry({ baseUrl: `${fake.url}/v9` }).findDevice('ghost-1')).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('answered 404 ROUTE_NOT_FOUND') as unknown,
    });
  });

  it('when the registry is unreachable the lookup is unavailable, and works again once it is back', async () => {
    const registry = createRegistry();
    await fake.relay.pause();
    try {
      await expect(registry.findDevice('thermostat-0042')).rejects.toMatchObject({
        kind: 'unavailable',
        message: expect.stringContaining('no answer from the device registry') as unknown,
      });
    } finally {
      await fake.relay.resume();
    }
    await expect(registry.findDevice('thermostat-0042')).resolves.toEqual({ vendorId: 'acme' });
  });

  it('an answer that is late or breaks the contract is unavailable', async () => {
    const server = http.createServer((request, response) => {
      if (request.url === '/devices/slow') return; // never answers
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'broken', vendorId: 'acme' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const registry = createRegistry({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      await expect(registry.findDevice('slow')).rejects.toMatchObject({ kind: 'unavailable' });
      await expect(registry.findDevice('broken')).rejects.toMatchObject({
        kind: 'unavailable',
        message: expect.stringContaining('answered 200') as unknown,
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
