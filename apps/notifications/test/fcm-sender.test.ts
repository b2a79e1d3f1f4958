import { generateKeyPairSync } from 'node:crypto';
import type { MobilePushMessage } from '../src/domain/channels';
import { createFcmSender, type FcmSettings } from '../src/adapters/fcm-sender';
import { startFcmStandIn, type FcmStandIn } from './support/fcm-stand-in';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const clientEmail = 'notifications@homeport-test.iam.gserviceaccount.com';
const projectId = 'homeport-test';

function pushTo(token: string): MobilePushMessage {
  return {
    platform: 'fcm',
    token,
    title: 'Front door opened',
    body: 'The front door opened at 02:14',
    data: { deviceId: 'door-1' },
    urgency: 'high',
    ttlSeconds: 3600,
  };
}

describe('the FCM sender against an FCM provider stand-in', () => {
  let fcm: FcmStandIn;
  let settings: FcmSettings & { FCM_PROJECT_ID: string; FCM_CLIENT_EMAIL: string; FCM_PRIVATE_KEY: string };
  let nowMs = Date.now();
  const now = (): number => nowMs;

  beforeEach(async () => {
    fcm = await startFcmStandIn({ projectId, clientEmail, publicKey });
    settings = {
      FCM_PROJECT_ID: projectId,
      FCM_CLIENT_EMAIL: clientEmail,
      // As an environment variable holds it: one line, `\n` for the line breaks.
      FCM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n'),
      FCM_URL: fcm.url,
      FCM_TOKEN_URL: fcm.tokenUrl,
      FCM_TIMEOUT_MS: 2000,
    };
  });
  afterEach(async () => {
    await fcm.close();
  });

  it('delivers a message with its notification, data and Android priority, under a service-account token', async () => {
    const sender = createFcmSender({ settings, now });

    const outcome = await sender.send(pushTo('device-token-1'));
    await sender.close();

    expect(outcome).toEqual({
      kind: 'delivered',
      providerMessageId: expect.stringMatching(/^projects\/homeport-test\/messages\//) as unknown,
    });
    expect(fcm.accepted.map((accepted) => accepted.message)).toEqual([
      {
        token: 'device-token-1',
        notification: { title: 'Front door opened', body: 'The front door opened at 02:14' },
        data: { deviceId: 'door-1' },
        android: { priority: 'HIGH', ttl: '3600s' },
      },
    ]);
  });

  it('reuses its access token until shortly before it expires, then asks for a new one', async () => {
    const sender = createFcmSender({ settings, now });

    await sender.send(pushTo('device-token-1'));
    await sender.send(pushTo('device-token-2'));
    const tokensBeforeExpiry = fcm.tokensIssued();
    nowMs += 3599 * 1000;
    await sender.send(pushTo('device-token-3'));
    await sender.close();

    expect(tokensBeforeExpiry).toBe(1);
    expect(fcm.tokensIssued()).toBe(2);
    expect(fcm.accepted).toHaveLength(3);
  });

  it('asks for one token when messages go out together', async () => {
    const sender = createFcmSender({ settings, now });

    await Promise.all(['a', 'b', 'c'].map((token) => sender.send(pushTo(token))));
    await sender.close();

    expect(fcm.tokensIssued()).toBe(1);
  });

  it('renews a token FCM refuses (401) once and delivers', async () => {
    const sender = createFcmSender({ settings, now });
    await sender.send(pushTo('device-token-1'));
    fcm.revokeTokens();

    const outcome = await sender.send(pushTo('device-token-2'));
    await sender.close();

    expect(outcome).toMatchObject({ kind: 'delivered' });
    expect(fcm.tokensIssued()).toBe(2);
  });

  it('reports credentials FCM keeps refusing as transient after one renewal', async () => {
    const sender = createFcmSender({ settings, now });
    fcm.refuseAllTokens();

    const outcome = await sender.send(pushTo('device-token-1'));
    await sender.close();

    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: expect.stringContaining('UNAUTHENTICATED') as unknown,
    });
    expect(fcm.tokensIssued()).toBe(2);
  });

  it('reports a token the token endpoint refuses as transient (the credentials are wrong, not the message)', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const sender = createFcmSender({
      settings: {
        ...settings,
        FCM_PRIVATE_KEY: otherKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      now,
    });

    const outcome = await sender.send(pushTo('device-token-1'));
    await sender.close();

    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: expect.stringContaining('invalid_grant') as unknown,
    });
  });

  it('reports an unreachable token endpoint as transient, without calling FCM', async () => {
    const gone = await startFcmStandIn({ projectId, clientEmail, publicKey });
    await gone.close();
    const sender = createFcmSender({ settings: { ...settings, FCM_TOKEN_URL: gone.tokenUrl }, now });

    const outcome = await sender.send(pushTo('device-token-1'));
    await sender.close();

    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: expect.stringContaining('token endpoint') as unknown,
    });
    expect(fcm.accepted).toEqual([]);
  });

  it.each([
    ['unregistered', 'UNREGISTERED'],
    ['invalid-token', 'INVALID_ARGUMENT'],
  ])('reports a %s registration token as gone, so it is removed', async (token, code) => {
    const sender = createFcmSender({ settings, now });

    const outcome = await sender.send(pushTo(token));
    await sender.close();

    expect(outcome).toEqual({
      kind: 'permanent',
      reason: expect.stringContaining(code) as unknown,
      addressGone: true,
    });
  });

  it.each([
    ['quota-exceeded', 'QUOTA_EXCEEDED', 30_000],
    ['unavailable', 'UNAVAILABLE', 5000],
    ['internal', 'INTERNAL', undefined],
  ])('reports %s as transient with the wait FCM asks for', async (token, code, retryAfterMs) => {
    const sender = createFcmSender({ settings, now });

    const outcome = await sender.send(pushTo(token));
    await sender.close();

    expect(outcome).toEqual({
      kind: 'transient',
      reason: `fcm: ${code}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  });

  it('reports a malformed answer as transient', async () => {
    const sender = createFcmSender({ settings, now });

    const outcome = await sender.send(pushTo('malformed'));
    await sender.close();

    expect(outcome).toEqual({ kind: 'transient', reason: 'fcm gave a malformed answer' });
  });

  it('gives up on FCM when it does not answer in time, as a transient failure', async () => {
    const sender = createFcmSender({ settings: { ...settings, FCM_TIMEOUT_MS: 200 }, now });

    const outcome = await sender.send(pushTo('hang'));
    await sender.close();

    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: expect.stringContaining('200 ms') as unknown,
    });
  });

  it('refuses a private key that is not PEM at start, naming the setting', () => {
    expect(() => createFcmSender({ settings: { ...settings, FCM_PRIVATE_KEY: 'not a key' }, now })).toThrow(
      /FCM_PRIVATE_KEY/,
    );
  });
});
