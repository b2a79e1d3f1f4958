import net from 'node:net';

/** A TCP relay in front of a real server, to make that server seem to go away and come back. */
export interface TcpRelay {
  /** The local port clients connect to instead of the server's. */
  readonly port: number;
  /** Stops listening and cuts every relayed connection: clients find the server gone. */
  pause(): Promise<void>;
  /** Listens again on the same port. */
  resume(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
}

/** Starts a relay on 127.0.0.1 (ephemeral port) forwarding every connection to `target`. */
export async function createTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const pause = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => {
        resolve();
      });
      for (const socket of sockets) socket.destroy();
    });

  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return { port, pause, resume: () => listen(port), close: pause };
}
