import { Webhook } from 'standardwebhooks';
import { classifyWebhookAnswer, createWebhookSender } from '../src/adapters/webhook-sender';
import type { WebhookMessage } from '../src/domain/channels';
import {
  startHttpStandIn,
  type HttpStandIn,
  type StandInAnswer,
  type StandInRequest,
} from '@homeport/testing';

const secret = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const message = (url: string): WebhookMessage => ({
  endpointId: '0b7d4e2a-8c1f-4d3e-9a6b-5f2c7e1d9a40',
  url,
  secret,
  messageId: 'msg_sender-test',
  body: '{"type":"device.presence","timestamp":"2026-12-03T10:00:00.000Z","data":{"online":true}}',
});

describe('the webhook sender, against a real receiver', () => {
  let receiver: HttpStandIn;
  const received: StandInRequest[] = [];
  let answer: (request: StandInRequest) => StandInAnswer = () => ({ status: 200, body: 'ok' });
  const publicOnly = createWebhookSender({ timeoutMs: 1000, allowPrivateHosts: false });
  const anyHost = createWebhookSender({ timeoutMs: 1000, allowPrivateHosts: true });

  beforeAll(async () => {
    receiver = await startHttpStandIn((request) => {
      received.push(request);
      return answer(request);
    });
  });
  afterAll(async () => {
    await Promise.all([publicOnly.close(), anyHost.close()]);
    await receiver.close();
  });
  beforeEach(() => {
    received.length = 0;
    answer = () => ({ status: 200, body: 'ok' });
  });

  it('refuses a loopback receiver unless private hosts are allowed: by name (the lookup) and as an IP literal', async () => {
    const { port } = new URL(receiver.url);
    const byName = await publicOnly.send(message(`http://localhost:${port}/hook`));
    expect(byName).toEqual({
      kind: 'permanent',
      reason: expect.stringMatching(
        /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/,
      ) as unknown,
      addressGone: false,
    });
    const literal = await publicOnly.send(message(`${receiver.url}/hook`));
    expect(literal).toEqual({
      kind: 'permanent',
      reason: 'refused: 127.0.0.1 is a loopback address',
      addressGone: false,
    });
    expect(received).toHaveLength(0);

    expect(await anyHost.send(message(`http://localhost:${port}/hook`))).toEqual({
      kind: 'delivered',
      statusCode: 200,
    });
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(() =>
      new Webhook(secret).verify(delivery?.body ?? '', delivery?.headers as Record<string, string>),
    ).not.toThrow();
  });

  it('does not follow a redirect: a 302 is a failure to retry, and its target is never asked', async () => {
    answer = (request) =>
      request.path === '/moved'
        ? { status: 200, body: 'ok' }
        : { status: 302, headers: { location: `${receiver.url}/moved` }, body: '' };
    const outcome = await anyHost.send(message(`${receiver.url}/hook`));
    expect(outcome).toEqual({ kind: 'transient', reason: 'HTTP 302 Found', statusCode: 302 });
    expect(received.map((request) => request.path)).toEqual(['/hook']);
  });

  it('a receiver that never answers costs one timeout, a transient failure', async () => {
    answer = () => undefined;
    const outcome = await anyHost.send(message(`${receiver.url}/hook`));
    expect(outcome).toEqual({ kind: 'transient', reason: 'no answer within 1000 ms' });
  });

  it('keeps only a short excerpt of a long answer', async () => {
    answer = () => ({ status: 500, body: 'x'.repeat(100_000) });
    const outcome = await anyHost.send(message(`${receiver.url}/hook`));
    expect(outcome.kind === 'transient' && outcome.reason).toBe(
      `HTTP 500 Internal Server Error: ${'x'.repeat(200)}`,
    );
  });

  it('a receiver that is not listening is a transient failure', async () => {
    const closed = await startHttpStandIn(() => ({ status: 200, body: '' }));
    await closed.close();
    const outcome = await anyHost.send(message(`${closed.url}/hook`));
    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: expect.stringMatching(/^could not deliver: .*ECONNREFUSED/) as unknown,
    });
  });
});

describe('what a receiver answer means', () => {
  const nowMs = Date.UTC(2026, 11, 3, 12, 0);
  it('2xx is delivered, 410 is gone for good, others retry; Retry-After counts on 429 and 503 only', () => {
    expect(classifyWebhookAnswer(202, undefined, '', nowMs)).toEqual({ kind: 'delivered', statusCode: 202 });
    expect(classifyWebhookAnswer(410, undefined, '', nowMs)).toEqual({
      kind: 'permanent',
      reason: 'HTTP 410 Gone',
      addressGone: true,
      statusCode: 410,
    });
    expect(classifyWebhookAnswer(429, '120', 'slow down', nowMs)).toEqual({
      kind: 'transient',
      reason: 'HTTP 429 Too Many Requests: slow down',
      retryAfterMs: 120_000,
      statusCode: 429,
    });
    expect(classifyWebhookAnswer(503, 'Thu, 03 Dec 2026 12:05:00 GMT', '', nowMs)).toMatchObject({
      retryAfterMs: 300_000,
    });
    expect(classifyWebhookAnswer(500, '120', '', nowMs)).toEqual({
      kind: 'transient',
      reason: 'HTTP 500 Internal Server Error',
      statusCode: 500,
    });
    expect(classifyWebhookAnswer(404, undefined, '', nowMs)).toMatchObject({ kind: 'transient' });
  });
});
