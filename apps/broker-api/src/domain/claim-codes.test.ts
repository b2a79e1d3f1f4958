import { buildClaimQrPayload, formatClaimCode, normalizeClaimCode } from '@homeport/contracts';
import { generateClaimCode, hashClaimCode, hashClaimCodeInput } from './claim-codes';

describe('claim codes', () => {
  it('a new code is 20 Crockford base32 characters, different each time, stored only as its SHA-256', () => {
    const codes = Array.from({ length: 1000 }, () => generateClaimCode());
    for (const { code, hash } of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
      expect(hash).toEqual(hashClaimCode(code));
      expect(hash).toHaveLength(32);
    }
    expect(new Set(codes.map(({ code }) => code)).size).toBe(1000);
  });

  it('every character of the alphabet turns up (no character is left out by the draw)', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateClaimCode().code).join(''));
    expect(seen.size).toBe(32);
  });

  it('what a person types is read as the code: case, dashes, spaces, I and L as 1, O as 0, or the QR payload', () => {
    const code = '7KQ210XH9PD4TWAER3NV';
    const typed = ['7kq21-0xh9p-d4twa-er3nv', ' 7KQ2I OXH9P D4TWA ER3NV ', '7kq2l-oxh9pd4twaer3nv'];
    for (const input of [...typed, buildClaimQrPayload(code)]) {
      expect(normalizeClaimCode(input)).toBe(code);
      expect(hashClaimCodeInput(input)).toEqual(hashClaimCode(code));
    }
  });

  it('text that cannot be a code is refused before any lookup (wrong length, U, other characters)', () => {
    for (const input of [
      '',
      '7KQ21-0XH9P-D4TWA-ER3N',
      '7KQ21-0XH9P-D4TWA-ER3NVV',
      'U'.repeat(20),
      '7KQ21_0XH9P_D4TWA_ER3NV',
    ]) {
      expect(normalizeClaimCode(input)).toBeUndefined();
      expect(hashClaimCodeInput(input)).toBeUndefined();
    }
  });

  it('a code is shown grouped by five and its QR payload is HOMEPORT:1:<grouped code>', () => {
    expect(formatClaimCode('7KQ210XH9PD4TWAER3NV')).toBe('7KQ21-0XH9P-D4TWA-ER3NV');
    expect(buildClaimQrPayload('7KQ210XH9PD4TWAER3NV')).toBe('HOMEPORT:1:7KQ21-0XH9P-D4TWA-ER3NV');
    // QR alphanumeric mode: digits, A-Z, space and $%*+-./: only.
    expect(buildClaimQrPayload(generateClaimCode().code)).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
  });
});
