import type { AddressInfo } from 'node:net';
import type { HttpApp } from './http-app-type';

/** A listening HTTP server. */
export interface HttpServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  host: string;
  /** The bound port (the real one when 0 was asked for). */
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then closes the app and its hooks. */
  close(): Promise<void>;
}

/** Starts listening on `host:port` (port 0 picks a free port) and says where it is bound. */
export async function startHttpServer(
  app: HttpApp,
  options: { host: string; port: number },
): Promise<HttpServer> {
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    close: () => app.close(),
  };
}
