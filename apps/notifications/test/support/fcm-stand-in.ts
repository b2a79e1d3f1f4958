import { randomUUID, type KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import { jsonAnswer, startHttpStandIn, type StandInAnswer, type StandInRequest } from '@homeport/testing';

/** A message FCM accepted. */
export interface AcceptedFcmMessage {
  readonly accessToken: string;
  readonly message: {
    token: string;
    notification: { title: string; body: string };
    data: Record<string, string>;
    android: { priority: string; ttl: string };
  };
}

/** The FCM stand-in, and what it saw. */
export interface FcmStandIn {
  readonly url: string;
  readonly tokenUrl: string;
  readonly accepted: AcceptedFcmMessage[];
  /** How many access tokens it issued. */
  tokensIssued(): number;
  /** Revokes every access token issued so far: the next messages:send with one answers 401. */
  revokeTokens(): void;
  /** From now on, every access token is refused (credentials revoked at Google). */
  refuseAllTokens(): void;
  close(): Promise<void>;
}

/** FCM's error body: google.rpc.Status with an FcmError detail. */
function fcmError(
  status: number,
  rpcStatus: string,
  errorCode: string,
  extra: unknown[] = [],
): StandInAnswer {
  const details = [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }, ...extra];
  return jsonAnswer(status, { error: { code: status, message: errorCode, status: rpcStatus, details } });
}

/** The answers a registration token asks for: tests pick a provider behaviour by the token they send to. */
const answersByToken: Record<string, StandInAnswer | 'hang'> = {
  unregistered: fcmError(404, 'NOT_FOUND', 'UNREGISTERED'),
  'invalid-token': fcmError(400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', [
    {
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [{ field: 'message.token', description: 'Invalid registration token' }],
    },
  ]),
  'quota-exceeded': {
    ...fcmError(429, 'RESOURCE_EXHAUSTED', 'QUOTA_EXCEEDED')!,
    headers: { 'retry-after': '30' },
  },
  unavailable: { ...fcmError(503, 'UNAVAILABLE', 'UNAVAILABLE')!, headers: { 'retry-after': '5' } },
  internal: fcmError(500, 'INTERNAL', 'INTERNAL'),
  malformed: { status: 200, body: '<html>proxy error</html>' },
  hang: 'hang',
};

/**
 * Provider stand-in for FCM HTTP v1: the OAuth 2.0 token endpoint for service accounts
 * (https://developers.google.com/identity/protocols/oauth2/service-account#httprest) verifying the JWT
 * assertion, and projects.messages.send (https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages/send)
 * with the documented error codes (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode).
 */
export async function startFcmStandIn(options: {
  readonly projectId: string;
  readonly clientEmail: string;
  readonly publicKey: KeyObject;
}): Promise<FcmStandIn> {
  const valid = new Set<string>();
  let issued = 0;
  let refuseAll = false;
  let tokenUrl = '';

  async function issueToken(request: StandInRequest): Promise<StandInAnswer> {
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return jsonAnswer(400, { error: 'unsupported_grant_type' });
    }
    try {
      const { payload } = await jwtVerify(form.get('assertion') ?? '', options.publicKey, {
        issuer: options.clientEmail,
        audience: tokenUrl,
        algorithms: ['RS256'],
      });
      if (payload.scope !== 'https://www.googleapis.com/auth/firebase.messaging') throw new Error('scope');
    } catch {
      return jsonAnswer(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    }
    const accessToken = `ya29.${randomUUID()}`;
    valid.add(accessToken);
    issued += 1;
    return jsonAnswer(200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  function send(request: StandInRequest): StandInAnswer {
    const accessToken = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (refuseAll || !valid.has(accessToken)) {
      // Google's answer to a bad OAuth token: a google.rpc.Status without an FcmError detail.
      const message = 'Request had invalid authentication credentials.';
      return jsonAnswer(401, { error: { code: 401, message, status: 'UNAUTHENTICATED' } });
    }
    const { message } = JSON.parse(request.body) as AcceptedFcmMessage;
    const scripted = answersByToken[message.token];
    if (scripted === 'hang') return undefined;
    if (scripted !== undefined) return scripted;
    accepted.push({ accessToken, message });
    return jsonAnswer(200, { name: `projects/${options.projectId}/messages/${randomUUID()}` });
  }

  const accepted: AcceptedFcmMessage[] = [];
  const sendPath = `/v1/projects/${options.projectId}/messages:send`;
  const server = await startHttpStandIn((request) => {
    if (request.method === 'POST' && request.path === '/token') return issueToken(request);
    if (request.method === 'POST' && request.path === sendPath) return send(request);
    return fcmError(404, 'NOT_FOUND', 'UNSPECIFIED_ERROR');
  });
  tokenUrl = `${server.url}/token`;
  return {
    url: server.url,
    tokenUrl,
    accepted,
    tokensIssued: () => issued,
    revokeTokens: () => {
      valid.clear();
    },
    refuseAllTokens: () => {
      refuseAll = true;
    },
    close: () => server.close(),
  };
}
