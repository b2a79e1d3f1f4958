import { describeKeyStatus, keyScopeChoices } from './key-choices';

const day = (iso: string) => iso.slice(0, 10);
const now = Date.parse('2026-12-04T12:00:00Z');

describe("a vendor API key's status, in words", () => {
  it('when a key is neither revoked nor expired, it works until its expiry', () => {
    const key = { revokedAt: null, expiresAt: '2027-03-04T12:00:00.000Z' };
    expect(describeKeyStatus(key, now, (date) => day(date.toISOString()))).toEqual({
      usable: true,
      text: 'works until 2027-03-04',
    });
  });

  it('when a key was revoked, it says since when, even before its expiry', () => {
    const key = { revokedAt: '2026-12-01T08:00:00.000Z', expiresAt: '2027-03-04T12:00:00.000Z' };
    expect(describeKeyStatus(key, now, (date) => day(date.toISOString()))).toEqual({
      usable: false,
      text: 'revoked 2026-12-01',
    });
  });

  it('when a key passed its expiry, it says it expired', () => {
    const key = { revokedAt: null, expiresAt: '2026-12-04T12:00:00.000Z' };
    expect(describeKeyStatus(key, now, (date) => day(date.toISOString())).text).toBe('expired 2026-12-04');
  });

  it('offers each vendor scope once', () => {
    const scopes = keyScopeChoices.map((choice) => choice.scope);
    expect(new Set(scopes).size).toBe(scopes.length);
  });
});
