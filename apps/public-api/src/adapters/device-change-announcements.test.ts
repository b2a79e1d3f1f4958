import { announceDeviceChanges } from './device-change-announcements';
import type { InternalApiSend, InternalApiTransport } from './internal-api-transport';

/** A broker-api transport answering every call with `answer`, or failing when `fails`. */
function createTransport(answer: unknown, fails = false): InternalApiTransport {
  const send: InternalApiSend = <T>() =>
    fails ? Promise.reject(new Error('connection reset')) : Promise.resolve(answer as T);
  return Object.assign(send, { close: () => Promise.resolve() });
}

describe("broker-api's transport announcing public-api's changes of devices", () => {
  const announcing = (transport: InternalApiTransport) => {
    const announced: string[] = [];
    const send = announceDeviceChanges(transport, (deviceId) => {
      announced.push(deviceId);
      return Promise.resolve();
    });
    return { send, announced };
  };

  it('a change below a device announces the device; reads, provisioning and products announce nothing', async () => {
    const { send, announced } = announcing(createTransport({}));
    await send('PATCH', '/devices/thermo%2D1');
    await send('PATCH', '/devices/thermo-2/desired', { body: {} });
    await send('POST', '/devices/thermo-3/release', { body: {} });
    await send('DELETE', '/devices/thermo-4');
    await send('GET', '/devices/thermo-5/view');
    await send('POST', '/devices', { body: {} });
    await send('POST', '/vendors/acme/products', { body: {} });
    expect(announced).toEqual(['thermo-1', 'thermo-2', 'thermo-3', 'thermo-4']);
  });

  it('a claim announces the device it answers', async () => {
    const { send, announced } = announcing(createTransport({ id: 'thermo-9' }));
    await send('POST', '/devices/claims', { body: {} });
    expect(announced).toEqual(['thermo-9']);
  });

  it('a change that failed on the way back is announced all the same', async () => {
    const { send, announced } = announcing(createTransport({}, true));
    await expect(send('POST', '/devices/thermo-1/transfer', { body: {} })).rejects.toThrow(
      'connection reset',
    );
    expect(announced).toEqual(['thermo-1']);
  });
});
