import { Type } from 'typebox';

/**
 * A device's claim code: 20 characters of Crockford's base32 (https://www.crockford.com/base32.html), 100
 * random bits, printed grouped `XXXXX-XXXXX-XXXXX-XXXXX`. Whoever holds it may claim the unclaimed device
 * into a home, once. Typed input is forgiving (case, dashes, spaces, I and L for 1, O for 0), as Crockford's
 * alphabet was made for codes people read and type.
 */
export const claimCodeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters of a claim code (5 bits each: 100 bits). */
export const claimCodeLength = 20;
/**
 * Prefix of the QR code payload `HOMEPORT:1:<grouped code>` (1: the payload's version). Every character of
 * the payload is in QR's alphanumeric mode (digits, upper-case letters, `:` and `-`), 5.5 bits a character
 * instead of byte mode's 8, so it fits a version 2 symbol (25x25 modules) at error correction level M.
 */
export const claimQrPayloadPrefix = 'HOMEPORT:1:';

const groupLength = 5;
const canonical = new RegExp(`^[${claimCodeAlphabet}]{${claimCodeLength}}$`);

/**
 * The canonical code (20 upper-case characters, no dashes) of what a person typed or a scanner read (the
 * code, grouped or not, or the QR payload); undefined when it cannot be a claim code.
 */
export function normalizeClaimCode(input: string): string | undefined {
  const trimmed = input.trim().toUpperCase();
  const code = (
    trimmed.startsWith(claimQrPayloadPrefix) ? trimmed.slice(claimQrPayloadPrefix.length) : trimmed
  )
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  return canonical.test(code) ? code : undefined;
}

/** `XXXXX-XXXXX-XXXXX-XXXXX`: the canonical code as printed and shown. */
export function formatClaimCode(code: string): string {
  return code.match(new RegExp(`.{1,${groupLength}}`, 'g'))?.join('-') ?? code;
}

/** The text of the QR code printed on the device or its box: `HOMEPORT:1:XXXXX-XXXXX-XXXXX-XXXXX`. */
export function buildClaimQrPayload(code: string): string {
  return `${claimQrPayloadPrefix}${formatClaimCode(code)}`;
}

/** A claim code as shown (grouped). */
export const ClaimCode = Type.String({
  pattern: `^([${claimCodeAlphabet}]{5}-){3}[${claimCodeAlphabet}]{5}$`,
  description: 'Shown once; 20 Crockford base32 characters (100 random bits), grouped by 5.',
  examples: ['7KQ2M-XH9PD-4TWAE-R3NVB'],
});

/** A claim code as a person types it or a scanner reads it (normalized before use). */
export const ClaimCodeInput = Type.String({
  minLength: 1,
  maxLength: 64,
  description:
    'The code, grouped or not, in any case (I and L read as 1, O as 0), or the QR payload `HOMEPORT:1:<code>`.',
  examples: ['7kq2m-xh9pd-4twae-r3nvb'],
});
