import net from 'node:net';
import { createFindings } from './findings';
import type { HttpInput } from './inputs';
import { sendInput, spoilToken, type SendContext } from './send-input';

const request: HttpInput = {
  family: 'http',
  method: 'GET',
  route: '/vendors',
  service: 'broker-api',
  needsToken: true,
  path: '/vendors',
  auth: 'token',
  note: 'no body',
};

/** A TCP server that resets the first `resets` connections as soon as a request arrives, then answers 200. */
async function startResettingServer(resets: number): Promise<{ url: string; close: () => Promise<void> }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    const reset = connections <= resets;
    socket.once('data', () => {
      if (reset) socket.resetAndDestroy();
      else socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

function contextFor(url: string): SendContext {
  const route = { mqttUrl: 'mqtt://127.0.0.1:1', localAddress: '127.0.0.2' };
  return {
    mqtt: { anonymous: route, hostileDevices: route },
    packetLogins: [],
    payloadSenders: [],
    brokerApiToken: 'token',
    publicApiSession: { accessToken: () => 'access', renew: () => Promise.resolve(), renewals: () => 0 },
    httpServices: { 'broker-api': url },
    findings: createFindings(),
    quietMs: 100,
    httpTimeoutMs: 5000,
    isPlatformDown: () => Promise.resolve(false),
  };
}

describe('an HTTP input', () => {
  it('whose connection is reset before any answer is sent once more and counted; its answer is the outcome', async () => {
    const server = await startResettingServer(1);
    try {
      const context = contextFor(server.url);

      const outcome = await sendInput(request, context, 0);

      expect({
        outcome,
        resent: context.findings.resentAfterReset,
        unexpected: context.findings.unexpected,
      }).toEqual({ outcome: '200', resent: 1, unexpected: [] });
    } finally {
      await server.close();
    }
  });

  it('whose connection is reset again is unanswered: a finding', async () => {
    const server = await startResettingServer(2);
    try {
      const context = contextFor(server.url);

      const outcome = await sendInput(request, context, 0);

      expect(outcome).toBe('no answer');
      expect(context.findings.unexpected).toMatchObject([{ what: 'no answer', route: '/vendors', count: 1 }]);
    } finally {
      await server.close();
    }
  });
});

describe('a wrong token', () => {
  it('differs from the right one in its bytes, not only in the unused bits of its last base64url character', () => {
    // An Ed25519 signature (64 bytes) ends in a character of which 4 bits are unused: `w` and `x` decode alike.
    const signature = `${'A'.repeat(85)}w`;
    const jwt = `header.payload.${signature}`;

    const spoiled = spoilToken(jwt).split('.')[2] ?? '';

    expect(Buffer.from(`${'A'.repeat(85)}x`, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(Buffer.from(spoiled, 'base64url')).not.toEqual(Buffer.from(signature, 'base64url'));
  });
});
