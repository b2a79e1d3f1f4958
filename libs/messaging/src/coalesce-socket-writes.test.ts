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

/** A socket that records what reaches the wire: the writes made while corked leave at the last uncork. */
function createRecordingSocket() {
  const sent: string[][] = [];
  const pending: string[] = [];
  let corks = 0;
  const socket = {
    cork: () => {
      corks += 1;
    },
    uncork: () => {
      corks -= 1;
      if (corks === 0 && pending.length > 0) sent.push(pending.splice(0));
    },
    write: (chunk: string) => {
      if (corks > 0) pending.push(chunk);
      else sent.push([chunk]);
      return true;
    },
  };
  return { socket, sent, write: (chunk: string) => socket.write(chunk) };
}

describe('coalescing socket writes with a least interval', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });
  const every5Ms = { minIntervalMs: 5 };

  it('the writes within the interval after a system call wait for its end, then leave as one', () => {
    const { socket, sent, write } = createRecordingSocket();
    coalesceSocketWrites(socket, every5Ms);
    write('a');
    jest.advanceTimersByTime(1); // the turn ended: `a` left
    write('b');
    jest.advanceTimersByTime(1);
    write('c');
    jest.advanceTimersByTime(2);
    expect(sent).toEqual([['a']]);
    jest.advanceTimersByTime(1); // 5 ms after `a`
    expect(sent).toEqual([['a'], ['b', 'c']]);
  });

  it('a write after a quiet interval leaves at the end of its turn', () => {
    const { socket, sent, write } = createRecordingSocket();
    coalesceSocketWrites(socket, every5Ms);
    const startedAt = Date.now();
    write('a');
    jest.advanceTimersByTime(10);
    write('b');
    write('c');
    expect(sent).toEqual([['a']]);
    jest.runOnlyPendingTimers(); // the turn's end, no time passed
    expect(sent).toEqual([['a'], ['b', 'c']]);
    expect(Date.now() - startedAt).toBe(10);
  });
});
