import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

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

/**
 * A local HTTP server playing a provider's part (FCM, an SMS API, Alexa's and Google's gateways): what the
 * provider stand-ins are built on.
 */
export interface HttpStandIn {
  readonly url: string;
  /** With `tls`: the self-signed certificate (PEM) the client must trust, as its certificate authority. */
  readonly ca?: string;
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

/** A fresh self-signed certificate (EC, SHA-256) for 127.0.0.1: `private` key and `cert`, in PEM. */
export function createTestCertificate(): Promise<{ readonly private: string; readonly cert: string }> {
  return generate([{ name: 'commonName', value: 'provider-stand-in' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
}

/**
 * Starts an HTTP server on 127.0.0.1 that reads each request whole and answers what `answer` says; with
 * `tls`, HTTPS with a fresh self-signed certificate for 127.0.0.1 (the providers are only reached over TLS).
 */
export async function startHttpStandIn(
  answer: (request: StandInRequest) => StandInAnswer | Promise<StandInAnswer>,
  options: { readonly tls?: boolean } = {},
): Promise<HttpStandIn> {
  const certificate = options.tls ? await createTestCertificate() : undefined;
  const onRequest = (incoming: http.IncomingMessage, outgoing: http.ServerResponse) => {
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
  };
  const server = certificate
    ? https.createServer({ key: certificate.private, cert: certificate.cert }, onRequest)
    : http.createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${certificate ? 'https' : 'http'}://127.0.0.1:${port}`,
    ...(certificate && { ca: certificate.cert }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
