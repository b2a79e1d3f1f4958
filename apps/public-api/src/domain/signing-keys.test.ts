import { generateKeyPairSync } from 'node:crypto';
import { readSigningKeys } from './signing-keys';

function newJwk(kid: string) {
  const { x, d } = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as {
    x: string;
    d: string;
  };
  return { kty: 'OKP', crv: 'Ed25519', kid, x, d };
}

describe('signing key settings', () => {
  it('the signing key verifies first, then the accepted keys (rotation)', () => {
    const current = newJwk('2026-12');
    const { d: _previousPrivate, ...previous } = newJwk('2026-11');
    const read = readSigningKeys(JSON.stringify(current), JSON.stringify([previous]));
    expect(read).toEqual({
      keys: {
        signing: current,
        verifying: [{ kty: 'OKP', crv: 'Ed25519', kid: '2026-12', x: current.x }, previous],
      },
    });
  });

  it.each([
    ['not JSON', '{', '[]', 'JWT_SIGNING_KEY: not valid JSON'],
    ['an RSA key', JSON.stringify({ kty: 'RSA', kid: 'a' }), '[]', 'JWT_SIGNING_KEY: not an Ed25519 key'],
    [
      'a public key not of the private key',
      JSON.stringify({ ...newJwk('a'), x: newJwk('b').x }),
      '[]',
      'x is not the public key of d',
    ],
    ['no kid', JSON.stringify({ ...newJwk('a'), kid: undefined }), '[]', 'JWT_SIGNING_KEY: has no kid'],
    ['an accepted object', JSON.stringify(newJwk('a')), '{}', 'JWT_ACCEPTED_KEYS: not a JSON array'],
    [
      'a kid twice',
      JSON.stringify(newJwk('a')),
      JSON.stringify([{ ...newJwk('a'), d: undefined }]),
      'JWT_ACCEPTED_KEYS: repeats kid a',
    ],
  ])('%s is refused with the setting named', (_case, signing, accepted, problem) => {
    const read = readSigningKeys(signing, accepted);
    const problems = 'problems' in read ? read.problems.map((entry) => `${entry.key}: ${entry.reason}`) : [];
    expect(problems.join('\n')).toContain(problem);
  });
});
