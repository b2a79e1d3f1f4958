import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { MobilePushMessage } from '../src/domain/channels';
import { createApnsSender } from '../src/adapters/apns-sender';
import { createFcmSender } from '../src/adapters/fcm-sender';
import { createMobilePushSender } from '../src/adapters/mobile-push-sender';
import { startApnsStandIn, type ApnsStandIn } from './support/apns-stand-in';
import { startFcmStandIn, type FcmStandIn } from './support/fcm-stand-in';

const fcmKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const apnsKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: typeof fcmKeys.privateKey): string =>
  key.export({ type: 'pkcs8', format: 'pem' }).toString();

function pushTo(platform: MobilePushMessage['platform'], token: string): MobilePushMessage {
  return {
    platform,
    token,
    title: 'Garage open',
    body: 'Open for 10 minutes',
    urgency: 'normal',
    ttlSeconds: 600,
  };
}

describe('mobile push: one port, FCM and APNs behind it', () => {
  let fcm: FcmStandIn;
  let apns: ApnsStandIn;
  const apnsIdentity = { keyId: 'KEY1234567', teamId: 'TEAM123456', bundleId: 'org.homeport.app' };

  beforeAll(async () => {
    fcm = await startFcmStandIn({
      projectId: 'homeport-mobile',
      clientEmail: 'push@homeport.test',
      publicKey: fcmKeys.publicKey,
    });
    apns = await startApnsStandIn({ ...apnsIdentity, publicKey: apnsKeys.publicKey });
  });
  afterAll(async () => {
    await fcm.close();
    await apns.close();
  });

  function createBoth() {
    return createMobilePushSender({
      fcm: createFcmSender({
        settings: {
          FCM_PROJECT_ID: 'homeport-mobile',
          FCM_CLIENT_EMAIL: 'push@homeport.test',
          FCM_PRIVATE_KEY: pem(fcmKeys.privateKey),
          FCM_URL: fcm.url,
          FCM_TOKEN_URL: fcm.tokenUrl,
          FCM_TIMEOUT_MS: 2000,
        },
      }),
      apns: createApnsSender({
        settings: {
          APNS_KEY_ID: apnsIdentity.keyId,
          APNS_TEAM_ID: apnsIdentity.teamId,
          APNS_PRIVATE_KEY: pem(apnsKeys.privateKey),
          APNS_BUNDLE_ID: apnsIdentity.bundleId,
          APNS_URL: apns.url,
          APNS_CA: apns.ca,
          APNS_TIMEOUT_MS: 2000,
        },
      }),
    });
  }

  it('sends an Android token through FCM and an iOS token through APNs, naming the provider of each', async () => {
    const sender = createBoth();
    const androidToken = `android-${randomBytes(8).toString('hex')}`;
    const iosToken = randomBytes(32).toString('hex');

    const outcomes = await Promise.all([
      sender.send(pushTo('fcm', androidToken)),
      sender.send(pushTo('apns', iosToken)),
    ]);
    await sender.close();

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['delivered', 'delivered']);
    expect(fcm.accepted.map((accepted) => accepted.message.token)).toContain(androidToken);
    expect(apns.accepted.map((accepted) => accepted.deviceToken)).toContain(iosToken);
    expect([sender.provider(pushTo('fcm', androidToken)), sender.provider(pushTo('apns', iosToken))]).toEqual(
      ['fcm', 'apns'],
    );
  });

  it('refuses a platform without a configured provider, keeping the token', async () => {
    const sender = createMobilePushSender({});

    const outcome = await sender.send(pushTo('apns', randomBytes(32).toString('hex')));
    await sender.close();

    expect(outcome).toEqual({
      kind: 'permanent',
      reason: 'no apns provider is configured',
      addressGone: false,
    });
  });
});
