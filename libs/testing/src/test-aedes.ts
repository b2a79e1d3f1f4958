import { once } from 'node:events';
import net from 'node:net';
import type { Aedes } from 'aedes';

/** An aedes broker of the test's own (what broker-api runs), in memory, on a local port. */
export interface TestAedes {
  readonly broker: Aedes;
  readonly port: number;
  readonly url: string;
  /** Closes the broker (its clients' connections with it), then its listening socket. */
  close(): Promise<void>;
}

/**
 * Starts aedes on 127.0.0.1: on a free port read back (Mosquitto holds 1883 on the machine), or on `port` to
 * start it again where its clients reconnect. Change `broker` (authenticate, authorizeSubscribe, handle) before
 * the first client connects.
 */
export async function startTestAedes(options: { readonly port?: number } = {}): Promise<TestAedes> {
  // Loaded here, not with the library: ~0.1 s per test file otherwise, in every suite using @homeport/testing.
  const { Aedes: AedesBroker } = await import('aedes');
  const broker = await AedesBroker.createBroker();
  // Looked up per connection: a wrapper of `broker.handle` installed after the start (broker-api's
  // sendConnackFirst) applies to every client.
  const server = net.createServer((socket) => broker.handle(socket));
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    broker,
    port,
    url: `mqtt://127.0.0.1:${String(port)}`,
    async close() {
      await new Promise<void>((resolve) => {
        broker.close(() => {
          resolve();
        });
      });
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
