import { createUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

const secret = 'an-unsubscribe-secret-0123456789abcdef';
const claim = {
  userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
  category: 'alert',
  channel: 'email',
} as const;

describe('unsubscribe tokens', () => {
  it('a token this service signed gives back its user, category and channel', () => {
    expect(verifyUnsubscribeToken(secret, createUnsubscribeToken(secret, claim))).toEqual(claim);
  });

  it('a token changed anywhere, or signed with another key, is refused with a code', () => {
    const token = createUnsubscribeToken(secret, claim);
    const forged = [
      token.replace('alert', 'presence'),
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      createUnsubscribeToken('another-secret-0123456789abcdef0123', claim),
      'not-a-token-at-all',
    ];
    for (const candidate of forged) {
      expect(() => verifyUnsubscribeToken(secret, candidate)).toThrow(
        expect.objectContaining({ code: 'UNSUBSCRIBE_TOKEN_INVALID' }) as Error,
      );
    }
  });
});
