import net from 'node:net';
import { sendRawConnection } from './raw-mqtt';

describe('a raw MQTT connection', () => {
  it('comes from the local address of its route, so the broker judges it apart from the innocent devices', async () => {
    const remoteAddresses: (string | undefined)[] = [];
    const server = net.createServer((socket) => {
      remoteAddresses.push(socket.remoteAddress);
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const route = { mqttUrl: `mqtt://127.0.0.1:${port}`, localAddress: '127.0.0.2' };

      const outcome = await sendRawConnection(route, undefined, Buffer.from([0xc0, 0x00]), 1000);

      expect({ outcome, remoteAddresses }).toEqual({ outcome: 'closed', remoteAddresses: ['127.0.0.2'] });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
