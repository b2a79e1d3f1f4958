import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ProviderHttpClient } from './provider-http';
import { parseJsonObject } from './provider-answers';

/** An OAuth 2.0 access token, or why none could be had. */
export type AccessTokenResult = { readonly token: string } | { readonly failed: string };

/** Access tokens of a Google service account, cached until shortly before they expire. */
export interface ServiceAccountTokens {
  get(): Promise<AccessTokenResult>;
  /** Forgets the token the provider refused (401), so the next `get` asks for a new one. */
  invalidate(token: string): void;
}

/** A token is renewed this long before the expiry the token endpoint announced. */
const renewBeforeExpiryMs = 60_000;

/**
 * Google's OAuth 2.0 flow for server-to-server applications: a JWT assertion signed with the service
 * account's RS256 key, exchanged at the token endpoint (RFC 7523;
 * https://developers.google.com/identity/protocols/oauth2/service-account#httprest). Concurrent callers share
 * one token request.
 */
export function createServiceAccountTokens(options: {
  readonly clientEmail: string;
  readonly privateKey: KeyObject;
  readonly tokenUrl: URL;
  readonly scope: string;
  readonly client: ProviderHttpClient;
  readonly now: () => number;
}): ServiceAccountTokens {
  let cached: { token: string; renewAtMs: number } | undefined;
  let pending: Promise<AccessTokenResult> | undefined;

  async function requestToken(): Promise<AccessTokenResult> {
    const issuedAtSeconds = Math.floor(options.now() / 1000);
    const assertion = await new SignJWT({ scope: options.scope })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(options.clientEmail)
      .setAudience(options.tokenUrl.href)
      .setIssuedAt(issuedAtSeconds)
      .setExpirationTime(issuedAtSeconds + 3600)
      .sign(options.privateKey);
    const form = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    });
    const answer = await options.client.request(options.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    if (!answer.answered) return { failed: `token endpoint: ${answer.reason}` };
    const body = parseJsonObject(answer.body);
    if (answer.status !== 200)
      return { failed: `token endpoint answered ${answer.status}: ${String(body?.error)}` };
    const token = body?.access_token;
    const expiresInSeconds = body?.expires_in;
    if (typeof token !== 'string' || typeof expiresInSeconds !== 'number') {
      return { failed: 'token endpoint gave a malformed answer' };
    }
    cached = { token, renewAtMs: options.now() + expiresInSeconds * 1000 - renewBeforeExpiryMs };
    return { token };
  }

  return {
    get() {
      if (cached !== undefined && options.now() < cached.renewAtMs)
        return Promise.resolve({ token: cached.token });
      pending ??= requestToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
