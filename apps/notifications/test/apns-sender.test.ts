import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { MobilePushMessage } from '../src/domain/channels';
import { createApnsSender, type ApnsSettings } from '../src/adapters/apns-sender';
import { startApnsStandIn, type ApnsStandIn } from './support/apns-stand-in';

// A p8 file holds a PKCS#8 P-256 key.
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const keyId = 'ABC123DEFG';
const teamId = 'DEF123GHIJ';
const bundleId = 'org.homeport.app';

function newDeviceToken(): string {
  return randomBytes(32).toString('hex');
}

function pushTo(token: string, overrides: Partial<MobilePushMessage> = {}): MobilePushMessage {
  return {
    platform: 'apns',
    token,
    title: 'Water leak',
    body: 'Water detected under the sink',
    data: { deviceId: 'leak-1' },
    urgency: 'high',
    ttlSeconds: 3600,
    ...overrides,
  };
}

describe('the APNs sender against an APNs provider stand-in (HTTP/2, TLS)', () => {
  let apns: ApnsStandIn;
  let settings: ApnsSettings & {
    APNS_KEY_ID: string;
    APNS_TEAM_ID: string;
    APNS_PRIVATE_KEY: string;
    APNS_BUNDLE_ID: string;
  };
  let nowMs = Date.now();
  const now = (): number => nowMs;

  beforeEach(async () => {
    apns = await startApnsStandIn({ keyId, teamId, bundleId, publicKey });
    settings = {
      APNS_KEY_ID: keyId,
      APNS_TEAM_ID: teamId,
      APNS_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      APNS_BUNDLE_ID: bundleId,
      APNS_URL: apns.url,
      APNS_CA: apns.ca,
      APNS_TIMEOUT_MS: 2000,
    };
  });
  afterEach(async () => {
    await apns.close();
  });

  it('delivers a notification with its alert, data, topic, priority and expiry, and keeps the apns-id', async () => {
    const sender = createApnsSender({ settings, now });
    const deviceToken = newDeviceToken();

    const outcome = await sender.send(pushTo(deviceToken));
    await sender.close();

    expect(outcome).toEqual({ kind: 'delivered', providerMessageId: expect.any(String) as unknown });
    expect(apns.accepted).toEqual([
      {
        deviceToken,
        headers: { priority: '10', expiration: String(Math.floor(nowMs / 1000) + 3600), topic: bundleId },
        payload: {
          aps: { alert: { title: 'Water leak', body: 'Water detected under the sink' } },
          data: { deviceId: 'leak-1' },
        },
      },
    ]);
  });

  it('sends a normal notification at priority 5, and one without time to live to expire at once', async () => {
    const sender = createApnsSender({ settings, now });

    await sender.send(pushTo(newDeviceToken(), { urgency: 'normal', ttlSeconds: 0 }));
    await sender.close();

    expect(apns.accepted.map((accepted) => accepted.headers)).toEqual([
      { priority: '5', expiration: '0', topic: bundleId },
    ]);
  });

  it('reuses its provider token for 40 minutes, then signs a new one', async () => {
    const sender = createApnsSender({ settings, now });

    await sender.send(pushTo(newDeviceToken()));
    nowMs += 39 * 60_000;
    await sender.send(pushTo(newDeviceToken()));
    const tokensWithinLifetime = apns.providerTokens.length;
    nowMs += 2 * 60_000;
    await sender.send(pushTo(newDeviceToken()));
    await sender.close();

    expect(tokensWithinLifetime).toBe(1);
    expect(apns.providerTokens).toHaveLength(2);
    expect(apns.accepted).toHaveLength(3);
  });

  it('signs a new provider token when APNs calls its token expired, and delivers', async () => {
    const sender = createApnsSender({ settings, now });
    await sender.send(pushTo(newDeviceToken()));
    apns.expireProviderTokens();
    nowMs += 1000;

    const outcome = await sender.send(pushTo(newDeviceToken()));
    await sender.close();

    expect(outcome).toMatchObject({ kind: 'delivered' });
    expect(apns.providerTokens).toHaveLength(2);
  });

  it('reports a key APNs does not know as transient (the operator fixes credentials; the message is kept)', async () => {
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const sender = createApnsSender({
      settings: {
        ...settings,
        APNS_PRIVATE_KEY: otherKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      now,
    });

    const outcome = await sender.send(pushTo(newDeviceToken()));
    await sender.close();

    expect(outcome).toEqual({ kind: 'transient', reason: 'apns: InvalidProviderToken' });
  });

  it.each([
    [410, 'Unregistered'],
    [400, 'BadDeviceToken'],
  ])('reports a device token answered %i %s as gone, so it is removed', async (status, reason) => {
    const sender = createApnsSender({ settings, now });
    const deviceToken = newDeviceToken();
    apns.script(deviceToken, { status, reason });

    const outcome = await sender.send(pushTo(deviceToken));
    await sender.close();

    expect(outcome).toEqual({ kind: 'permanent', reason: `apns: ${reason}`, addressGone: true });
  });

  it('reports a refused payload as permanent, the device token kept', async () => {
    const sender = createApnsSender({ settings, now });
    const deviceToken = newDeviceToken();
    apns.script(deviceToken, { status: 413, reason: 'PayloadTooLarge' });

    const outcome = await sender.send(pushTo(deviceToken));
    await sender.close();

    expect(outcome).toEqual({ kind: 'permanent', reason: 'apns: PayloadTooLarge', addressGone: false });
  });

  it.each([
    [429, 'TooManyRequests', '10', 10_000],
    [500, 'InternalServerError', undefined, undefined],
    [503, 'ServiceUnavailable', undefined, undefined],
  ])('reports %i %s as transient', async (status, reason, retryAfter, retryAfterMs) => {
    const sender = createApnsSender({ settings, now });
    const deviceToken = newDeviceToken();
    apns.script(deviceToken, retryAfter === undefined ? { status, reason } : { status, reason, retryAfter });

    const outcome = await sender.send(pushTo(deviceToken));
    await sender.close();

    expect(outcome).toEqual({
      kind: 'transient',
      reason: `apns: ${reason}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  });

  it('reports a malformed answer as transient', async () => {
    const sender = createApnsSender({ settings, now });
    const deviceToken = newDeviceToken();
    apns.script(deviceToken, 'malformed');

    const outcome = await sender.send(pushTo(deviceToken));
    await sender.close();

    expect(outcome).toEqual({ kind: 'transient', reason: 'apns gave a malformed answer (500)' });
  });

  it('gives up on APNs when it does not answer in time, and the next notification still goes out', async () => {
    const sender = createApnsSender({ settings: { ...settings, APNS_TIMEOUT_MS: 200 }, now });
    const hung = newDeviceToken();
    apns.script(hung, 'hang');

    const outcome = await sender.send(pushTo(hung));
    const next = await sender.send(pushTo(newDeviceToken()));
    await sender.close();

    expect(outcome).toEqual({ kind: 'transient', reason: 'apns: no answer within 200 ms' });
    expect(next).toMatchObject({ kind: 'delivered' });
  });

  it('opens a new connection after APNs drops it', async () => {
    const sender = createApnsSender({ settings, now });
    await sender.send(pushTo(newDeviceToken()));
    await apns.dropConnections();

    const afterDrop = await sender.send(pushTo(newDeviceToken()));
    const next = await sender.send(pushTo(newDeviceToken()));
    await sender.close();

    // The drop may be seen before or by the first send (then transient); never by the one after.
    expect(['delivered', 'transient']).toContain(afterDrop.kind);
    expect(next).toMatchObject({ kind: 'delivered' });
    expect(apns.connectionsOpened()).toBe(2);
  });

  it('reports APNs refusing the connection as transient', async () => {
    const gone = await startApnsStandIn({ keyId, teamId, bundleId, publicKey });
    await gone.close();
    const sender = createApnsSender({ settings: { ...settings, APNS_URL: gone.url, APNS_CA: gone.ca }, now });

    const outcome = await sender.send(pushTo(newDeviceToken()));
    await sender.close();

    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: expect.stringContaining('ECONNREFUSED') as unknown,
    });
  });

  it('refuses a device token that is not hexadecimal without calling APNs', async () => {
    const sender = createApnsSender({ settings, now });

    const outcome = await sender.send(pushTo('../../other/path'));
    await sender.close();

    expect(outcome).toMatchObject({ kind: 'permanent', addressGone: true });
    expect(apns.providerTokens).toEqual([]);
  });

  it('refuses a key that is not a p8 key at start, naming the setting', () => {
    expect(() => createApnsSender({ settings: { ...settings, APNS_PRIVATE_KEY: 'nope' }, now })).toThrow(
      /APNS_PRIVATE_KEY/,
    );
  });
});
