import { ConfigError, loadConfig } from '@homeport/config';
import { Type } from 'typebox';
import { apnsCredentialKeys, apnsSettingsSchema } from './apns-sender';
import { pickChannelSettings, readPem } from './channel-settings';
import { fcmCredentialKeys, fcmSettingsSchema } from './fcm-sender';
import { smsCredentialKeys, smsSettingsSchema } from './sms-sender';
import { webPushCredentialKeys, webPushSettingsSchema } from './web-push-sender';

const keys = ['SMS_ACCOUNT_SID', 'SMS_AUTH_TOKEN'] as const;

describe('picking a channel settings by its credential keys', () => {
  it('switches the channel on when every key is set', () => {
    const config = { SMS_ACCOUNT_SID: 'AC1', SMS_AUTH_TOKEN: 'secret', SMS_TIMEOUT_MS: 1000 };
    expect(pickChannelSettings(config, keys)).toBe(config);
  });

  it('leaves the channel off when no key is set', () => {
    expect(
      pickChannelSettings({ SMS_ACCOUNT_SID: undefined, SMS_AUTH_TOKEN: undefined }, keys),
    ).toBeUndefined();
  });

  it('refuses some keys without the others, naming the missing ones', () => {
    const pick = (): unknown =>
      pickChannelSettings({ SMS_ACCOUNT_SID: 'AC1', SMS_AUTH_TOKEN: undefined }, keys);
    expect(pick).toThrow(ConfigError);
    expect(pick).toThrow(/SMS_AUTH_TOKEN: missing/);
  });
});

describe('reading a PEM key from an environment variable', () => {
  it('turns written \\n into line breaks', () => {
    expect(readPem('-----BEGIN KEY-----\\nAAAA\\n-----END KEY-----')).toBe(
      '-----BEGIN KEY-----\nAAAA\n-----END KEY-----',
    );
  });
});

describe('the channel settings fragments in one service config', () => {
  const schema = Type.Object({
    ...webPushSettingsSchema,
    ...fcmSettingsSchema,
    ...apnsSettingsSchema,
    ...smsSettingsSchema,
  });

  it('switches on the channels whose credentials are set, with the real provider URLs by default', () => {
    const config = loadConfig(schema, {
      SMS_ACCOUNT_SID: 'AC0123',
      SMS_AUTH_TOKEN: 'token',
      SMS_FROM: '+15017122661',
    });

    expect(pickChannelSettings(config, smsCredentialKeys)).toMatchObject({
      SMS_URL: 'https://api.twilio.com',
      SMS_TIMEOUT_MS: 10_000,
    });
    expect(pickChannelSettings(config, webPushCredentialKeys)).toBeUndefined();
    expect(pickChannelSettings(config, fcmCredentialKeys)).toBeUndefined();
    expect(pickChannelSettings(config, apnsCredentialKeys)).toBeUndefined();
    expect([config.FCM_URL, config.APNS_URL]).toEqual([
      'https://fcm.googleapis.com',
      'https://api.push.apple.com',
    ]);
  });

  it('refuses malformed values, naming every bad key', () => {
    const load = (): unknown =>
      loadConfig(schema, { SMS_FROM: '0044 79', APNS_TEAM_ID: 'team', VAPID_SUBJECT: 'ops@example.com' });

    expect(load).toThrow(/SMS_FROM[\s\S]*APNS_TEAM_ID|APNS_TEAM_ID[\s\S]*SMS_FROM/);
    expect(load).toThrow(/VAPID_SUBJECT/);
  });
});
