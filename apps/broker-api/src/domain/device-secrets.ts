import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Device secrets: generated, hashed for storage, and checked at CONNECT. */
export interface DeviceSecrets {
  /** A new random secret (256 bits, base64url): shown once, never stored. */
  generate(): string;
  /** The keyed hash stored instead of the secret. */
  hash(secret: string): Buffer;
  /** True when `presented` hashes to `storedHash` (constant-time comparison). */
  matches(presented: Buffer | string, storedHash: Buffer): boolean;
}

const secretBytes = 32;

/**
 * HMAC-SHA-256 keyed with a server-side pepper. The secrets are 256-bit random tokens, so a slow password
 * hash (argon2, bcrypt) adds nothing against guessing them, while making every CONNECT cost tens of
 * milliseconds of CPU: a reconnect storm of many devices would stall the broker. A database leak without the
 * pepper does not let anyone check a guess.
 */
export function createDeviceSecrets(options: { pepper: string }): DeviceSecrets {
  const hash = (secret: Buffer | string): Buffer =>
    createHmac('sha256', options.pepper).update(secret).digest();
  return {
    generate: () => randomBytes(secretBytes).toString('base64url'),
    hash,
    matches(presented, storedHash) {
      const candidate = hash(presented);
      return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
    },
  };
}
