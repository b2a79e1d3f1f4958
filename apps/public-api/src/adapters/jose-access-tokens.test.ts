import { generateKeyPairSync } from 'node:crypto';
import { readSigningKeys } from '../domain/signing-keys';
import { createJoseAccessTokens } from './jose-access-tokens';

async function createTokens(clock: { now: () => Date }) {
  const { x, d } = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as {
    x: string;
    d: string;
  };
  const read = readSigningKeys(JSON.stringify({ kty: 'OKP', crv: 'Ed25519', kid: 'k1', x, d }), '[]');
  if (!('keys' in read)) throw new Error('bad test key');
  const options = { keys: read.keys, issuer: 'https://homeport.test', audience: 'homeport-api', clock };
  return createJoseAccessTokens({ ...options, ttlSeconds: 900 });
}

const refusal = (code: string) => expect.objectContaining({ code }) as unknown;

describe('access tokens verified once and remembered', () => {
  it('a token verified again answers the same claims, and is refused as expired once its exp passed', async () => {
    let now = new Date('2026-12-03T10:00:00Z');
    const tokens = await createTokens({ now: () => now });
    const { token } = await tokens.issue({ userId: 'user-1', sessionId: 'session-1' });
    const claims = { userId: 'user-1', sessionId: 'session-1' };
    expect(await tokens.verify(token)).toEqual(claims);
    expect(await tokens.verify(token)).toEqual(claims);

    now = new Date('2026-12-03T10:14:59Z');
    expect(await tokens.verify(token)).toEqual(claims);
    now = new Date('2026-12-03T10:15:00Z');
    await expect(tokens.verify(token)).rejects.toEqual(refusal('ACCESS_TOKEN_EXPIRED'));
  });

  it('another token of the same claims with a forged signature is refused after the real one was remembered', async () => {
    const tokens = await createTokens({ now: () => new Date() });
    const { token } = await tokens.issue({ userId: 'user-1', sessionId: 'session-1' });
    await tokens.verify(token);
    const [header, payload, signature = ''] = token.split('.');
    const forged = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await expect(tokens.verify(forged)).rejects.toEqual(refusal('ACCESS_TOKEN_INVALID'));
  });
});
