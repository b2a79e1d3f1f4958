import { isJsonObject } from '@homeport/contracts';
import { jsonAnswer, startHttpStandIn, type StandInAnswer, type StandInRequest } from '@homeport/testing';
import { jwtVerify } from 'jose';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/** A Report State call as HomeGraph received it. */
export interface ReceivedReport {
  readonly requestId: string;
  readonly agentUserId: string;
  readonly states: Record<string, Record<string, unknown>>;
}

/** An agentUsers.delete call as HomeGraph received it, with its answer's status. */
export interface ReceivedAgentUserDeletion {
  readonly agentUserId: string;
  readonly requestId: string | null;
  readonly status: number;
}

/**
 * Provider stand-in for Google: the service account token endpoint (RFC 7523 JWT bearer, as
 * https://developers.google.com/identity/protocols/oauth2/service-account#httprest documents it) and HomeGraph's
 * devices:reportStateAndNotification and devices:requestSync
 * (https://developers.home.google.com/reference/home-graph/rest/v1/devices) and agentUsers.delete
 * (.../rest/v1/agentUsers/delete: `DELETE /v1/agentUsers/{agentUserId}?requestId=`, an empty body, an empty
 * answer; the agent user and its devices are gone, so it is 404 NOT_FOUND after), with Google's error bodies.
 * Over HTTPS with its own certificate (`ca`); records what it accepted.
 */
export interface GoogleStandIn {
  readonly url: string;
  readonly ca: string;
  /** GOOGLE_SERVICE_ACCOUNT_KEY for public-api: a fresh RSA key whose token_uri is the stand-in's. */
  readonly serviceAccountKey: string;
  readonly reports: readonly ReceivedReport[];
  readonly syncRequests: readonly { agentUserId: string; async: unknown }[];
  /** Every agentUsers.delete call that came with a valid token, answered or refused. */
  readonly agentUserDeletions: readonly ReceivedAgentUserDeletion[];
  /** How many access tokens the token endpoint issued. */
  tokensIssued(): number;
  /** HomeGraph answers 404 for this agentUserId from now on (the user unlinked in Google). */
  forget(agentUserId: string): void;
  /** The next `count` HomeGraph calls are answered `status` (429 throttling, 503 outage). */
  failNext(status: number, count: number): void;
  close(): Promise<void>;
}

const clientEmail = 'homeport-homegraph@homeport-test.iam.gserviceaccount.com';
const homeGraphScope = 'https://www.googleapis.com/auth/homegraph';

/** Google APIs' error body (https://cloud.google.com/apis/design/errors#http_mapping). */
const googleError = (code: number, status: string, message: string) =>
  jsonAnswer(code, { error: { code, message, status } });

export async function startGoogleStandIn(): Promise<GoogleStandIn> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const reports: ReceivedReport[] = [];
  const syncRequests: { agentUserId: string; async: unknown }[] = [];
  const agentUserDeletions: ReceivedAgentUserDeletion[] = [];
  const issued = new Set<string>();
  const forgotten = new Set<string>();
  let failures: { status: number; count: number } = { status: 200, count: 0 };
  let tokenUri = '';

  async function token(request: StandInRequest, key: KeyObject): Promise<StandInAnswer> {
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return jsonAnswer(400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' });
    }
    try {
      const { payload } = await jwtVerify(form.get('assertion') ?? '', key, {
        algorithms: ['RS256'],
        issuer: clientEmail,
        audience: tokenUri,
        maxTokenAge: '1h',
      });
      if (payload.scope !== homeGraphScope) throw new Error(`scope ${String(payload.scope)}`);
    } catch {
      return jsonAnswer(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    }
    const accessToken = `ya29.${randomBytes(24).toString('base64url')}`;
    issued.add(accessToken);
    return jsonAnswer(200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  /** The refusal of a call without a live token, or while failing (`failNext`); undefined to serve it. */
  function refusal(request: StandInRequest): StandInAnswer {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer === undefined || !issued.has(bearer)) {
      return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    }
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1 };
      return googleError(
        failures.status,
        failures.status === 429 ? 'RESOURCE_EXHAUSTED' : 'UNAVAILABLE',
        'try later',
      );
    }
    return undefined;
  }

  function deleteAgentUser(request: StandInRequest, agentUserId: string): StandInAnswer {
    const refused = refusal(request);
    if (refused?.status === 401) return refused;
    const answer =
      refused ??
      (request.body !== ''
        ? googleError(400, 'INVALID_ARGUMENT', 'The request body must be empty.')
        : forgotten.has(agentUserId)
          ? googleError(404, 'NOT_FOUND', 'Requested entity was not found.')
          : jsonAnswer(200, {}));
    const requestId = new URL(request.path, 'https://homegraph.googleapis.com').searchParams.get('requestId');
    agentUserDeletions.push({ agentUserId, requestId, status: answer?.status ?? 0 });
    if (answer?.status === 200) forgotten.add(agentUserId);
    return answer;
  }

  function homeGraph(request: StandInRequest): StandInAnswer {
    const refused = refusal(request);
    if (refused !== undefined) return refused;
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    }
    if (!isJsonObject(body) || typeof body.agentUserId !== 'string' || body.agentUserId === '') {
      return googleError(400, 'INVALID_ARGUMENT', 'agentUserId is required.');
    }
    const agentUserId = body.agentUserId;
    if (forgotten.has(agentUserId)) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    if (request.path === '/v1/devices:requestSync') {
      syncRequests.push({ agentUserId, async: body.async });
      return jsonAnswer(200, {});
    }
    const states =
      isJsonObject(body.payload) && isJsonObject(body.payload.devices)
        ? body.payload.devices.states
        : undefined;
    if (
      typeof body.requestId !== 'string' ||
      !isJsonObject(states) ||
      !Object.values(states).every(isJsonObject)
    ) {
      return googleError(400, 'INVALID_ARGUMENT', 'payload.devices.states is required.');
    }
    reports.push({ requestId: body.requestId, agentUserId, states: states as ReceivedReport['states'] });
    return jsonAnswer(200, { requestId: body.requestId });
  }

  const standIn = await startHttpStandIn(
    (request) => {
      const agentUser = /^\/v1\/agentUsers\/([^/?]+)(\?|$)/.exec(request.path);
      if (request.method === 'DELETE' && agentUser?.[1] !== undefined)
        return deleteAgentUser(request, decodeURIComponent(agentUser[1]));
      if (request.method !== 'POST') return googleError(405, 'METHOD_NOT_ALLOWED', 'POST only');
      if (request.path === '/token') return token(request, publicKey);
      if (
        request.path === '/v1/devices:reportStateAndNotification' ||
        request.path === '/v1/devices:requestSync'
      ) {
        return homeGraph(request);
      }
      return googleError(404, 'NOT_FOUND', `no method ${request.path}`);
    },
    { tls: true },
  );
  tokenUri = `${standIn.url}/token`;
  const serviceAccountKey = JSON.stringify({
    type: 'service_account',
    project_id: 'homeport-test',
    private_key_id: 'test-key-1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: clientEmail,
    token_uri: tokenUri,
  });
  return {
    url: standIn.url,
    ca: standIn.ca ?? '',
    serviceAccountKey,
    reports,
    syncRequests,
    agentUserDeletions,
    tokensIssued: () => issued.size,
    forget: (agentUserId) => forgotten.add(agentUserId),
    failNext: (status, count) => {
      failures = { status, count };
    },
    close: () => standIn.close(),
  };
}
