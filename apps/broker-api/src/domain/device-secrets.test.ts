import { createDeviceSecrets } from './device-secrets';

describe('device secrets', () => {
  const secrets = createDeviceSecrets({ pepper: 'p'.repeat(32) });

  it('a generated secret carries 256 bits and differs every time', () => {
    const first = secrets.generate();
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
    expect(secrets.generate()).not.toBe(first);
  });

  it('the stored hash matches the secret and nothing else', () => {
    const secret = secrets.generate();
    const stored = secrets.hash(secret);
    expect(secrets.matches(secret, stored)).toBe(true);
    expect(secrets.matches(Buffer.from(secret), stored)).toBe(true);
    expect(secrets.matches(`${secret}x`, stored)).toBe(false);
    expect(secrets.matches('', stored)).toBe(false);
  });

  it('with another pepper the same secret does not match (a leaked table alone checks no guess)', () => {
    const secret = secrets.generate();
    const other = createDeviceSecrets({ pepper: 'q'.repeat(32) });
    expect(other.matches(secret, secrets.hash(secret))).toBe(false);
  });
});
