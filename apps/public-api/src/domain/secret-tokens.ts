import { createHash, randomBytes } from 'node:crypto';

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
