import { ConfigError } from '@homeport/config';
import { pickChannelSettings, readPem } from './channel-settings';

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
