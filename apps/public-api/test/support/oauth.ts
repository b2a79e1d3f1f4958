import type {
  OAuthClientResponse,
  RegisterOAuthClientRequest,
  RegisteredOAuthClientResponse,
} from '@homeport/contracts';
import * as client from 'openid-client';
import type { TestInstance, TestUser } from './environment';

/** A confidential client with the code, refresh and client credentials grants, unless told otherwise. */
export async function registerClient(
  instance: TestInstance,
  admin: TestUser,
  vendorId: string,
  overrides: Partial<RegisterOAuthClientRequest> = {},
): Promise<RegisteredOAuthClientResponse> {
  const request: RegisterOAuthClientRequest = {
    name: 'Acme Assistant',
    clientType: 'confidential',
    redirectUris: ['https://assistant.acme.example/callback'],
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    scopes: ['homes:read', 'homes:write', 'devices:read', 'products:read'],
    ...overrides,
  };
  const answer = await instance.api<RegisteredOAuthClientResponse>(
    'POST',
    `/v1/vendors/${vendorId}/oauth-clients`,
    request,
    admin.tokens.accessToken,
  );
  expect(answer.status).toBe(201);
  return answer.body;
}

/**
 * The instance's URL for a URL of the issuer's (https://api.test.homeport.example/...): the test instance
 * listens on a local port, while its metadata names the public address, as in a deployment.
 */
export function toLocal(instance: TestInstance, url: string | URL): string {
  const parsed = new URL(url);
  return `${instance.running.http.url}${parsed.pathname}${parsed.search}`;
}

/** openid-client configured by discovery (RFC 8414), every request sent to the local instance. */
export async function discoverClient(
  instance: TestInstance,
  registered: OAuthClientResponse & { clientSecret?: string },
  authentication: 'basic' | 'post' | 'none' = 'basic',
): Promise<client.Configuration> {
  const auth =
    authentication === 'none'
      ? client.None()
      : authentication === 'post'
        ? client.ClientSecretPost(registered.clientSecret)
        : client.ClientSecretBasic(registered.clientSecret);
  const localFetch: client.CustomFetch = (url, options) => fetch(toLocal(instance, url), options);
  const config = await client.discovery(
    new URL(instance.config.JWT_ISSUER),
    registered.clientId,
    undefined,
    auth,
    {
      algorithm: 'oauth2',
      [client.customFetch]: localFetch,
    },
  );
  config[client.customFetch] = localFetch;
  return config;
}

/** The consent page of an authorization URL: its status, HTML, CSRF cookie and form fields. */
export interface ConsentPage {
  readonly status: number;
  readonly html: string;
  readonly location: string | null;
  readonly cookie: string | undefined;
  readonly fields: Record<string, string>;
}

/** Opens the authorization URL as a browser would (no redirect followed). */
export async function openConsentPage(instance: TestInstance, url: string | URL): Promise<ConsentPage> {
  const response = await fetch(toLocal(instance, url), { redirect: 'manual' });
  const html = await response.text();
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1] ?? ''] = (match[2] ?? '')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return {
    status: response.status,
    html,
    location: response.headers.get('location'),
    cookie: response.headers.get('set-cookie')?.split(';')[0],
    fields,
  };
}

/** Posts the consent form as the page's browser would: answers the status, Location and HTML. */
export async function submitConsent(
  instance: TestInstance,
  page: ConsentPage,
  form: { email?: string; password?: string; decision: string },
  options: { cookie?: string | null } = {},
): Promise<{ status: number; location: string | null; html: string }> {
  const cookie = options.cookie === undefined ? page.cookie : options.cookie;
  const response = await fetch(`${instance.running.http.url}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie === null || cookie === undefined ? {} : { cookie }),
    },
    body: new URLSearchParams({ ...page.fields, ...form }),
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

/**
 * An authorization-code run of openid-client up to the tokens, the user approving on the consent page: with
 * PKCE unless `pkce` is false (a confidential client, as Google's account linking runs it).
 */
export async function authorizeWithCode(
  instance: TestInstance,
  config: client.Configuration,
  user: TestUser,
  options: { scope?: string; redirectUri?: string; pkce?: boolean; state?: string } = {},
): Promise<{
  // Named: the inferred type holds openid-client's unexported symbol, which declarations cannot name.
  tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  callback: URL;
  verifier: string;
  state: string;
  redirectUri: string;
}> {
  const verifier = options.pkce === false ? undefined : client.randomPKCECodeVerifier();
  const state = options.state ?? client.randomState();
  const redirectUri = options.redirectUri ?? 'https://assistant.acme.example/callback';
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: options.scope ?? 'homes:read devices:read',
    ...(verifier !== undefined && {
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }),
    state,
  });
  const page = await openConsentPage(instance, url);
  expect(page.status).toBe(200);
  const approved = await submitConsent(instance, page, {
    email: user.email,
    password: user.password,
    decision: 'approve',
  });
  expect(approved.status).toBe(303);
  const callback = new URL(approved.location ?? '');
  const tokens = await client.authorizationCodeGrant(config, callback, {
    ...(verifier !== undefined && { pkceCodeVerifier: verifier }),
    expectedState: state,
  });
  return { tokens, callback, verifier: verifier ?? '', state, redirectUri };
}

/** Posts a form to an OAuth endpoint as a hand-built client would: status, headers and parsed body. */
export async function postForm(
  instance: TestInstance,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${instance.running.http.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

/** HTTP Basic credentials of a client (RFC 6749 §2.3.1: each part form-encoded first). */
export const basicAuth = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
