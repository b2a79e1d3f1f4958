import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new unguessable token: 32 random bytes (256 bits), base64url (43 characters). */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored of a token: its SHA-256. A fast hash suffices for 256 random bits (nothing to guess); a
 * leaked table gives no usable token.
 */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Whether two strings are equal, in time that depends only on their lengths: for secrets presented by a
 * caller (codes, CSRF tokens, digests), so that a wrong guess tells nothing of how much of it was right.
 */
export function equalsInConstantTime(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the presented token is the one whose stored hash is `storedHash` (digests compared in constant time). */
export function matchesSecretHash(token: string, storedHash: string): boolean {
  return equalsInConstantTime(hashSecretToken(token), storedHash);
}
