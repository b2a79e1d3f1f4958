import { randomUUID, type KeyObject } from 'node:crypto';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createTestCertificate } from '@homeport/testing';

/** A notification APNs accepted. */
export interface AcceptedApnsNotification {
  readonly deviceToken: string;
  readonly headers: Record<string, string | undefined>;
  readonly payload: unknown;
}

/** A scripted answer: a status and Apple's JSON error reason, or no answer at all. */
export type ScriptedApnsAnswer =
  { status: number; reason: string; retryAfter?: string } | 'hang' | 'malformed';

/** The APNs stand-in, and what it saw. */
export interface ApnsStandIn {
  readonly url: string;
  /** The certificate authority (PEM) the stand-in's certificate is trusted through. */
  readonly ca: string;
  readonly accepted: AcceptedApnsNotification[];
  /** Provider tokens seen, distinct, in order. */
  readonly providerTokens: string[];
  /** Makes every request to the device token answer this. */
  script(deviceToken: string, answer: ScriptedApnsAnswer): void;
  /** Closes every client connection, as APNs does now and then; resolves when they are closed. */
  dropConnections(): Promise<void>;
  /** How many client connections were opened. */
  connectionsOpened(): number;
  /** Calls every provider token seen so far expired (403 ExpiredProviderToken), as an hour after signing. */
  expireProviderTokens(): void;
  close(): Promise<void>;
}

/**
 * Provider stand-in for APNs: HTTP/2 over TLS, POST /3/device/{token}, verifying the ES256 provider token and
 * the headers, answering with Apple's status codes and JSON reasons
 * (https://developer.apple.com/documentation/usernotifications/sending-notification-requests-to-apns,
 * https://developer.apple.com/documentation/usernotifications/handling-notification-responses-from-apns).
 */
export async function startApnsStandIn(options: {
  readonly keyId: string;
  readonly teamId: string;
  readonly bundleId: string;
  readonly publicKey: KeyObject;
}): Promise<ApnsStandIn> {
  const tls = await createTestCertificate();
  const accepted: AcceptedApnsNotification[] = [];
  const providerTokens: string[] = [];
  const expired = new Set<string>();
  const scripts = new Map<string, ScriptedApnsAnswer>();

  async function checkProviderToken(authorization: string | undefined): Promise<string | undefined> {
    const token = /^bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (token === undefined) return 'MissingProviderToken';
    if (!providerTokens.includes(token)) providerTokens.push(token);
    if (expired.has(token)) return 'ExpiredProviderToken';
    try {
      if (decodeProtectedHeader(token).kid !== options.keyId) return 'InvalidProviderToken';
      await jwtVerify(token, options.publicKey, { issuer: options.teamId, algorithms: ['ES256'] });
      return undefined;
    } catch {
      return 'InvalidProviderToken';
    }
  }

  function checkHeaders(headers: http2.IncomingHttpHeaders): string | undefined {
    if (headers['apns-topic'] !== options.bundleId) return 'TopicDisallowed';
    if (headers['apns-push-type'] !== 'alert') return 'InvalidPushType';
    if (!['5', '10'].includes(String(headers['apns-priority']))) return 'BadPriority';
    if (!/^\d+$/.test(String(headers['apns-expiration']))) return 'BadExpirationDate';
    return undefined;
  }

  type Reply = { status: number; headers?: Record<string, string>; body: string } | 'hang';
  const reply = (status: number, reason: string, headers: Record<string, string> = {}): Reply => ({
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ reason }),
  });

  async function answer(headers: http2.IncomingHttpHeaders, body: string): Promise<Reply> {
    const deviceToken = /^\/3\/device\/([0-9a-fA-F]+)$/.exec(String(headers[':path']))?.[1];
    if (headers[':method'] !== 'POST' || deviceToken === undefined) return reply(404, 'BadPath');
    const refusedToken = await checkProviderToken(headers.authorization);
    if (refusedToken !== undefined) return reply(403, refusedToken);
    const badHeader = checkHeaders(headers);
    if (badHeader !== undefined) return reply(400, badHeader);
    const scripted = scripts.get(deviceToken);
    if (scripted === 'hang') return 'hang';
    if (scripted === 'malformed') return { status: 500, body: '<html>Bad gateway</html>' };
    if (scripted !== undefined) {
      return reply(
        scripted.status,
        scripted.reason,
        scripted.retryAfter === undefined ? {} : { 'retry-after': scripted.retryAfter },
      );
    }
    const pick = (name: string): string | undefined => headers[name] as string | undefined;
    accepted.push({
      deviceToken,
      headers: {
        priority: pick('apns-priority'),
        expiration: pick('apns-expiration'),
        topic: pick('apns-topic'),
      },
      payload: JSON.parse(body),
    });
    return { status: 200, body: '' };
  }

  const server = http2.createSecureServer({ key: tls.private, cert: tls.cert });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      void answer(headers, Buffer.concat(chunks).toString('utf8')).then((decided) => {
        if (decided === 'hang') return;
        stream.respond({ ':status': decided.status, 'apns-id': randomUUID(), ...decided.headers });
        stream.end(decided.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sessions = new Set<http2.ServerHttp2Session>();
  let opened = 0;
  server.on('session', (session) => {
    opened += 1;
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  return {
    url: `https://127.0.0.1:${port}`,
    ca: tls.cert,
    accepted,
    providerTokens,
    script: (deviceToken, answer) => scripts.set(deviceToken, answer),
    expireProviderTokens: () => {
      for (const token of providerTokens) expired.add(token);
    },
    dropConnections: async () => {
      await Promise.all(
        [...sessions].map(
          (session) =>
            new Promise<void>((resolve) => {
              session.close(resolve);
            }),
        ),
      );
    },
    connectionsOpened: () => opened,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
