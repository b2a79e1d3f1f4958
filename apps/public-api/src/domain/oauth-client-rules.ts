import {
  userScopes,
  vendorScopes,
  type ApiScope,
  type RegisterOAuthClientRequest,
} from '@homeport/contracts';

/** A rule a client registration breaks: the field and why. */
export interface RegistrationProblem {
  readonly path: string;
  readonly message: string;
}

const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * RFC 6749 §3.1.2: an absolute URI without a fragment; https, or http on a loopback host only (RFC 8252
 * §7.3, native apps). Compared exactly when a client uses it, so no normalization here.
 */
export function checkRedirectUri(value: string): string | undefined {
  if (!URL.canParse(value)) return 'is not an absolute URI';
  const url = new URL(value);
  if (url.hash !== '' || value.includes('#')) return 'must not have a fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && loopbackHosts.has(url.hostname)) return undefined;
  return 'must be https (http only on a loopback host)';
}

/** Every problem of a registration at once (fields as JSON pointers into the body). */
export function checkRegistration(request: RegisterOAuthClientRequest): RegistrationProblem[] {
  const problems: RegistrationProblem[] = [];
  request.redirectUris.forEach((uri, index) => {
    const problem = checkRedirectUri(uri);
    if (problem !== undefined) problems.push({ path: `/redirectUris/${index}`, message: problem });
  });
  const grants = new Set(request.grantTypes);
  const usesCode = grants.has('authorization_code');
  if (usesCode && request.redirectUris.length === 0) {
    problems.push({ path: '/redirectUris', message: 'needs at least one URI for authorization_code' });
  }
  if (grants.has('refresh_token') && !usesCode) {
    problems.push({ path: '/grantTypes', message: 'refresh_token comes with authorization_code only' });
  }
  if (grants.has('client_credentials') && request.clientType === 'public') {
    problems.push({ path: '/grantTypes', message: 'client_credentials needs a confidential client' });
  }
  // A scope the client could never be given: not a user's (code grant) nor a vendor's (client credentials).
  const reachable = new Set<ApiScope>([
    ...(usesCode ? userScopes : []),
    ...(grants.has('client_credentials') ? vendorScopes : []),
  ]);
  request.scopes.forEach((scope, index) => {
    if (!reachable.has(scope)) {
      problems.push({
        path: `/scopes/${index}`,
        message: `${scope} cannot be granted with these grant types`,
      });
    }
  });
  return problems;
}

/** The scopes a user may give the client: its allowed ones that a user's token may hold. */
export function userGrantableScopes(allowed: readonly ApiScope[]): ApiScope[] {
  return allowed.filter((scope) => userScopes.includes(scope));
}

/** The scopes a client holds for itself (client credentials): its allowed ones that a vendor's may hold. */
export function clientGrantableScopes(allowed: readonly ApiScope[]): ApiScope[] {
  return allowed.filter((scope) => vendorScopes.includes(scope));
}
