import { randomUUID } from 'node:crypto';
import { formatApiKey, looksLikeApiKey, parseApiKey } from './api-keys';
import { newSecretToken } from './secret-tokens';

describe('vendor API key form', () => {
  it('a formatted key parses back into its id and secret', () => {
    const keyId = randomUUID();
    const secret = newSecretToken();
    const key = formatApiKey(keyId, secret);
    expect(looksLikeApiKey(key)).toBe(true);
    expect(parseApiKey(key)).toEqual({ keyId, secret });
  });

  it('anything else of the hpk_ form does not parse', () => {
    const key = formatApiKey(randomUUID(), newSecretToken());
    for (const token of [
      'hpk_',
      `${key}x`,
      key.slice(0, -1),
      key.replace('hpk_', 'hpk-'),
      key.toUpperCase(),
    ]) {
      expect(parseApiKey(token)).toBeUndefined();
    }
    expect(looksLikeApiKey('eyJhbGciOiJFZERTQSJ9.e30.c2ln')).toBe(false);
  });
});
