import { AppError } from '@homeport/errors';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One AES-256 key and its id, as `ALEXA_TOKEN_KEYS` lists them. */
export interface TokenKey {
  readonly kid: string;
  readonly key: Buffer;
}

/**
 * Third parties' tokens sealed at rest (AES-256-GCM, NIST SP 800-38D: a random 96-bit IV per value, the
 * 128-bit tag): `hpe1.<kid>.<base64url(iv | ciphertext | tag)>`. The context (the row and column) is
 * authenticated with it, so a sealed value copied to another row or column does not open.
 */
export interface TokenCipher {
  /** Seals with the first key. */
  seal(plaintext: string, context: string): string;
  /** Opens with the key its id names; a value stored before sealing began (no `hpe1.`) is answered as it is. */
  open(stored: string, context: string): string;
}

const format = 'hpe1';
const ivBytes = 12;
const tagBytes = 16;
const kidPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads `ALEXA_TOKEN_KEYS`: a JSON array of `{ "kid": "2026-12", "key": "<base64 of 32 random bytes>" }`, the
 * first sealing and every one opening (rotation: a new key first, the old ones kept until no value uses them).
 */
export function readTokenKeys(json: string): { keys: TokenKey[] } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { problem: 'is not JSON' };
  }
  if (!Array.isArray(parsed)) return { problem: 'is not a JSON array of { kid, key }' };
  const keys: TokenKey[] = [];
  for (const [index, entry] of parsed.entries()) {
    const { kid, key } = (entry ?? {}) as { kid?: unknown; key?: unknown };
    if (typeof kid !== 'string' || !kidPattern.test(kid))
      return { problem: `entry ${index}: kid must be 1 to 64 of A-Z a-z 0-9 _ -` };
    const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.alloc(0);
    if (bytes.length !== 32) return { problem: `entry ${index} (${kid}): key must be 32 bytes in base64` };
    if (keys.some((known) => known.kid === kid)) return { problem: `kid ${kid} is listed twice` };
    keys.push({ kid, key: bytes });
  }
  return { keys };
}

/** Seals with `keys[0]`, opens with any of `keys` (none: nothing can be sealed). */
export function createTokenCipher(keys: readonly TokenKey[]): TokenCipher {
  const byKid = new Map(keys.map(({ kid, key }) => [kid, key]));
  return {
    seal(plaintext, context) {
      const current = keys[0];
      if (current === undefined)
        throw new AppError('internal', 'TOKEN_KEY_MISSING', 'no key to seal tokens with (ALEXA_TOKEN_KEYS)');
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: tagBytes });
      cipher.setAAD(Buffer.from(context));
      const sealed = Buffer.concat([
        iv,
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return `${format}.${current.kid}.${sealed.toString('base64url')}`;
    },
    open(stored, context) {
      if (!stored.startsWith(`${format}.`)) return stored;
      const [, kid = '', body = ''] = stored.split('.');
      const key = byKid.get(kid);
      if (key === undefined)
        throw new AppError(
          'internal',
          'TOKEN_KEY_UNKNOWN',
          `no key ${kid} in ALEXA_TOKEN_KEYS to open a token`,
        );
      const sealed = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, ivBytes), {
        authTagLength: tagBytes,
      });
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
      try {
        const opened = decipher.update(sealed.subarray(ivBytes, sealed.length - tagBytes));
        return Buffer.concat([opened, decipher.final()]).toString('utf8');
      } catch (error) {
        throw new AppError('internal', 'TOKEN_UNREADABLE', `a sealed token of key ${kid} does not open`, {
          cause: error,
        });
      }
    },
  };
}
