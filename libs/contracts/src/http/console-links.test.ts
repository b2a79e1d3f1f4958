import { buildConsoleLink } from './console-links';

describe("the console's links in emails", () => {
  it('when a token is linked, it is in the fragment, encoded, and the console path stays', () => {
    expect(
      buildConsoleLink('https://app.homeport.example/console/', { page: 'verify-email', token: 'a+b/c' }),
    ).toBe('https://app.homeport.example/console/#/verify-email?token=a%2Bb%2Fc');
    expect(buildConsoleLink('http://127.0.0.1:8084', { page: 'reset-password', token: 'x_y-z' })).toBe(
      'http://127.0.0.1:8084/#/reset-password?token=x_y-z',
    );
  });

  it('when an invitation is linked, its id is a path of the fragment', () => {
    const id = '2d8f6a31-9c4e-4b7a-a5d0-6e1b3f9c8a72';
    expect(
      buildConsoleLink('https://app.homeport.example#/old', { page: 'invitation', invitationId: id }),
    ).toBe(`https://app.homeport.example/#/invitations/${id}`);
  });
});
