import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a provider stand-in read it. */
export interface StandInRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** What a provider stand-in answers; `undefined` leaves the request hanging (a provider that never answers). */
export type StandInAnswer =
  { readonly status: number; readonly headers?: Record<string, string>; readonly body: string } | undefined;

/** A local HTTP server playing a provider's part: what the provider stand-ins are built on. */
export interface HttpStandIn {
  readonly url: string;
  close(): Promise<void>;
}

/** JSON answer of a stand-in. */
export function jsonAnswer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): StandInAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Starts an HTTP server on 127.0.0.1 that reads each request whole and answers what `answer` says. */
export async function startHttpStandIn(
  answer: (request: StandInRequest) => StandInAnswer | Promise<StandInAnswer>,
): Promise<HttpStandIn> {
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      void Promise.resolve(answer(request)).then((reply) => {
        if (reply === undefined) return;
        outgoing.writeHead(reply.status, reply.headers ?? {});
        outgoing.end(reply.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
