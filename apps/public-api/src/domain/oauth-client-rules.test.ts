import {
  checkRedirectUri,
  checkRegistration,
  clientGrantableScopes,
  userGrantableScopes,
} from './oauth-client-rules';

describe('OAuth client registration rules', () => {
  it.each([
    'https://assistant.acme.example/callback',
    'https://acme.example:8443/cb?tenant=1',
    'http://127.0.0.1:53682/callback',
    'http://[::1]/cb',
    'http://localhost:8080/cb',
  ])('accepts the redirect URI %s', (uri) => {
    expect(checkRedirectUri(uri)).toBeUndefined();
  });

  it.each([
    ['http://acme.example/cb', 'must be https (http only on a loopback host)'],
    ['http://127.0.0.1.evil.example/cb', 'must be https (http only on a loopback host)'],
    ['https://acme.example/cb#fragment', 'must not have a fragment'],
    ['https://acme.example/cb#', 'must not have a fragment'],
    ['/callback', 'is not an absolute URI'],
    ['com.acme.app:/oauth', 'must be https (http only on a loopback host)'],
  ])('refuses the redirect URI %s: %s', (uri, problem) => {
    expect(checkRedirectUri(uri)).toBe(problem);
  });

  it('a code client may hold user scopes, a client credentials one vendor scopes, and each grant only its own', () => {
    const base = { name: 'x', clientType: 'confidential' as const, redirectUris: ['https://a.example/cb'] };
    expect(
      checkRegistration({
        ...base,
        grantTypes: ['authorization_code', 'client_credentials'],
        scopes: ['homes:read', 'products:read'],
      }),
    ).toEqual([]);
    expect(
      checkRegistration({
        ...base,
        grantTypes: ['authorization_code'],
        scopes: ['homes:read', 'products:read'],
      }),
    ).toEqual([{ path: '/scopes/1', message: 'products:read cannot be granted with these grant types' }]);
    expect(userGrantableScopes(['homes:read', 'products:read'])).toEqual(['homes:read']);
    expect(clientGrantableScopes(['homes:read', 'products:read', 'devices:read'])).toEqual([
      'products:read',
      'devices:read',
    ]);
  });
});
