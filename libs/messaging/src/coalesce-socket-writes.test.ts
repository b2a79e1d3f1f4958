import { once } from 'node:events';
import net from 'node:net';
import { coalesceSocketWrites } from './coalesce-socket-writes';

describe('coalescing socket writes', () => {
  it('writes of one event-loop turn reach the peer together, in order, and later writes still go out', async () => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    const accepted = once(server, 'connection') as Promise<[net.Socket]>;
    const client = net.connect(port, '127.0.0.1');
    await once(client, 'connect');
    const [peer] = await accepted;
    const chunks: string[] = [];
    peer.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));

    coalesceSocketWrites(client);
    coalesceSocketWrites(client); // idempotent
    for (const part of ['a', 'b', 'c']) client.write(part);
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.write('d');
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(chunks).toEqual(['abc', 'd']);
    client.destroy();
    peer.destroy();
    server.close();
  });
});
