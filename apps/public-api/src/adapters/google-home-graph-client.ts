import { importPKCS8, SignJWT } from 'jose';
import type { Clock } from '../domain/clock';
import { homeGraphRefused, homeGraphUnavailable } from '../domain/google-errors';
import type { HomeGraph } from '../domain/google-home-graph-reports';
import type { AssistantGatewayClient, GatewayAnswer, GatewayRequest } from './assistant-gateway-client';
import type { GoogleServiceAccountKey } from './google-service-account';

/** https://developers.home.google.com/cloud-to-cloud/integration/report-state#service-account-key */
const homeGraphScope = 'https://www.googleapis.com/auth/homegraph';
const jwtBearerGrant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google's assertions live one hour at most; a token is renewed this long before it expires. */
const assertionTtlSeconds = 3600;
const renewBeforeMs = 60_000;

/** The message of a Google API error body (`{ error: { code, message, status } }`) or an OAuth error. */
function describe(answer: Extract<GatewayAnswer, { answered: true }>): string {
  const body = answer.body as
    { error?: { message?: unknown } | string; error_description?: unknown } | undefined;
  if (typeof body?.error === 'object' && typeof body.error.message === 'string') return body.error.message;
  if (typeof body?.error === 'string') {
    const detail = typeof body.error_description === 'string' ? ` ${body.error_description}` : '';
    return `${body.error}${detail}`;
  }
  return `HTTP ${answer.status}`;
}

const isTransient = (status: number) => status === 429 || status >= 500;

/**
 * HomeGraph over the assistants' gateway client, as the service account: an RS256 JWT assertion exchanged at
 * its token_uri (RFC 7523; jose, already a dependency, signs it: google-auth-library would add a second HTTP
 * stack and its own retries beside the gateway client's bounds), the token kept until shortly before it expires.
 */
export function createGoogleHomeGraphClient(options: {
  readonly gateway: AssistantGatewayClient;
  readonly homeGraphUrl: string;
  readonly key: GoogleServiceAccountKey;
  readonly clock: Clock;
}): HomeGraph {
  const { gateway, key, clock } = options;
  const base = options.homeGraphUrl.replace(/\/+$/, '');
  let cached: { token: string; renewAtMs: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    const assertion = await new SignJWT({ scope: homeGraphScope })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'JWT',
        ...(key.private_key_id && { kid: key.private_key_id }),
      })
      .setIssuer(key.client_email)
      .setAudience(key.token_uri)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + assertionTtlSeconds)
      .sign(await importPKCS8(key.private_key, 'RS256'));
    const answer = await gateway.post(key.token_uri, { form: { grant_type: jwtBearerGrant, assertion } });
    if (!answer.answered) throw homeGraphUnavailable(`token endpoint: ${answer.reason}`);
    if (isTransient(answer.status)) throw homeGraphUnavailable(`token endpoint: ${describe(answer)}`);
    const body = answer.body as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (
      answer.status !== 200 ||
      typeof body?.access_token !== 'string' ||
      typeof body.expires_in !== 'number'
    ) {
      throw homeGraphRefused(answer.status, `token endpoint: ${describe(answer)}`);
    }
    cached = {
      token: body.access_token,
      renewAtMs: clock.now().getTime() + body.expires_in * 1000 - renewBeforeMs,
    };
    return body.access_token;
  }

  function accessToken(): Promise<string> {
    if (cached !== undefined && clock.now().getTime() < cached.renewAtMs)
      return Promise.resolve(cached.token);
    // One exchange at a time: the reports waiting on it share its token.
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function call(
    path: string,
    request: Pick<GatewayRequest, 'method' | 'json'>,
  ): Promise<'done' | 'unknown-user'> {
    const token = await accessToken();
    const answer = await gateway.post(`${base}${path}`, {
      ...request,
      headers: { authorization: `Bearer ${token}` },
    });
    if (!answer.answered) throw homeGraphUnavailable(answer.reason);
    if (answer.status === 200) return 'done';
    if (answer.status === 404) return 'unknown-user';
    if (answer.status === 401) {
      // Revoked or rotated before its time: the retry gets a new one.
      cached = undefined;
      throw homeGraphUnavailable('the access token was refused');
    }
    if (isTransient(answer.status)) throw homeGraphUnavailable(describe(answer));
    throw homeGraphRefused(answer.status, describe(answer));
  }

  return {
    async reportState(agentUserId, requestId, states) {
      const outcome = await call('/v1/devices:reportStateAndNotification', {
        json: { requestId, agentUserId, payload: { devices: { states } } },
      });
      return outcome === 'done' ? 'reported' : outcome;
    },
    async requestSync(agentUserId) {
      const outcome = await call('/v1/devices:requestSync', { json: { agentUserId, async: true } });
      return outcome === 'done' ? 'requested' : outcome;
    },
    async deleteAgentUser(agentUserId, requestId) {
      const query = new URLSearchParams({ requestId }).toString();
      const path = `/v1/agentUsers/${encodeURIComponent(agentUserId)}?${query}`;
      const outcome = await call(path, { method: 'DELETE' });
      return outcome === 'done' ? 'deleted' : outcome;
    },
  };
}
