import type { AddressInfo } from 'node:net';
import type { HttpApp } from './http-app-type';

/** A listening HTTP server. */
export interface HttpServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  host: string;
  /** The bound port (the real one when 0 was asked for). */
  port: number;
  /**
   * Stops accepting connections, lets in-flight requests finish for at most `drainTimeoutMs` (then closes
   * the connections left), then closes the app and its hooks.
   */
  close(): Promise<void>;
}

/**
 * How long a closing server waits for its connections. Bounded: a connection that never sends a request (a
 * client's spare socket, or a slow one) is not idle to Node's server, which would wait for its headers
 * timeout (about 70 s, longer than the orchestrator's grace period) before closing.
 */
const defaultDrainTimeoutMs = 10_000;

/** Starts listening on `host:port` (port 0 picks a free port) and says where it is bound. */
export async function startHttpServer(
  app: HttpApp,
  options: { host: string; port: number; drainTimeoutMs?: number },
): Promise<HttpServer> {
  const drainTimeoutMs = options.drainTimeoutMs ?? defaultDrainTimeoutMs;
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    async close() {
      const timer = setTimeout(() => {
        app.server.closeAllConnections();
      }, drainTimeoutMs);
      try {
        await app.close();
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
