import { randomBytes } from 'node:crypto';
import { createTokenCipher, readTokenKeys, type TokenKey } from './token-cipher';

const newKey = (kid: string): TokenKey => ({ kid, key: randomBytes(32) });
const refreshToken = 'Atzr|IwEBIA-example-refresh-token';

describe('tokens sealed at rest', () => {
  it('a sealed token holds nothing of the token, opens to it, and not in another row or column', () => {
    const cipher = createTokenCipher([newKey('2026-12')]);
    const sealed = cipher.seal(refreshToken, 'grant-1 refresh_token');
    expect(sealed).toMatch(/^hpe1\.2026-12\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('Atzr');
    expect(cipher.seal(refreshToken, 'grant-1 refresh_token')).not.toBe(sealed);
    expect(cipher.open(sealed, 'grant-1 refresh_token')).toBe(refreshToken);
    expect(() => cipher.open(sealed, 'grant-2 refresh_token')).toThrow(/does not open/);
    expect(() => cipher.open(sealed, 'grant-1 access_token')).toThrow(/does not open/);
  });

  it('after a rotation, the new key seals and the old one still opens what it sealed; a dropped key is named', () => {
    const [old, current] = [newKey('2026-11'), newKey('2026-12')];
    const before = createTokenCipher([old]).seal(refreshToken, 'grant-1 refresh_token');
    const rotated = createTokenCipher([current, old]);
    expect(rotated.open(before, 'grant-1 refresh_token')).toBe(refreshToken);
    expect(rotated.seal(refreshToken, 'grant-1 refresh_token')).toMatch(/^hpe1\.2026-12\./);
    expect(() => createTokenCipher([current]).open(before, 'grant-1 refresh_token')).toThrow(
      /no key 2026-11/,
    );
  });

  it('a token stored before sealing began is read as it is', () => {
    expect(createTokenCipher([newKey('k1')]).open(refreshToken, 'grant-1 refresh_token')).toBe(refreshToken);
  });

  it('ALEXA_TOKEN_KEYS: a JSON array of kids and 32-byte base64 keys, each problem said', () => {
    const key = randomBytes(32).toString('base64');
    expect(
      readTokenKeys(
        JSON.stringify([
          { kid: 'a', key },
          { kid: 'b', key },
        ]),
      ),
    ).toMatchObject({
      keys: [{ kid: 'a' }, { kid: 'b' }],
    });
    expect(readTokenKeys('{')).toEqual({ problem: 'is not JSON' });
    expect(readTokenKeys('{}')).toEqual({ problem: 'is not a JSON array of { kid, key }' });
    expect(readTokenKeys(JSON.stringify([{ kid: 'a b', key }]))).toMatchObject({ problem: /kid must be/ });
    expect(readTokenKeys(JSON.stringify([{ kid: 'a', key: 'c2hvcnQ=' }]))).toMatchObject({
      problem: /32 bytes/,
    });
    expect(
      readTokenKeys(
        JSON.stringify([
          { kid: 'a', key },
          { kid: 'a', key },
        ]),
      ),
    ).toEqual({
      problem: 'kid a is listed twice',
    });
  });
});
