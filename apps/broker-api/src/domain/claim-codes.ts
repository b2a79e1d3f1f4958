import { claimCodeAlphabet, claimCodeLength, normalizeClaimCode } from '@homeport/contracts';
import { createHash, randomInt } from 'node:crypto';

/** A new claim code (canonical: 20 characters, no dashes) and the digest stored instead of it. */
export interface NewClaimCode {
  readonly code: string;
  readonly hash: Buffer;
}

/**
 * 20 characters drawn uniformly from Crockford's 32 (`randomInt` has no modulo bias): 100 random bits. A
 * guesser with a million tries a second against 10^8 unclaimed devices would need about 400 years for one
 * hit on average, before any rate limit.
 */
export function generateClaimCode(): NewClaimCode {
  const code = Array.from({ length: claimCodeLength }, () => claimCodeAlphabet[randomInt(32)]).join('');
  return { code, hash: hashClaimCode(code) };
}

/**
 * SHA-256 of the canonical code. A fast, unsalted hash is right here, unlike for passwords: a slow or salted
 * hash only helps a secret with little entropy, and 100 random bits cannot be searched (2^99 hashes on
 * average, whatever each costs). Unsalted, the digest is the same at every claim, so a claim finds its
 * device through a unique index in one UPDATE; a leaked table still reveals no code.
 */
export function hashClaimCode(code: string): Buffer {
  return createHash('sha256').update(code, 'ascii').digest();
}

/** The digest of what the claimant typed or scanned; undefined when it cannot be a claim code. */
export function hashClaimCodeInput(input: string): Buffer | undefined {
  const code = normalizeClaimCode(input);
  return code === undefined ? undefined : hashClaimCode(code);
}
