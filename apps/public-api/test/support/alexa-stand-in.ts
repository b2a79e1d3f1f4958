import { jsonAnswer, startHttpStandIn, type StandInAnswer, type StandInRequest } from '@homeport/testing';
import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Provider stand-in for Amazon: Login with Amazon's token endpoint and Alexa's event gateway, as their
 * documentation describes them, over HTTPS with a self-signed certificate.
 * LWA: https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html (token request,
 * its `invalid_grant` / `invalid_client` errors). Gateway:
 * https://developer.amazon.com/en-US/docs/alexa/smarthome/send-events.html (202, and errors as
 * `{ header: { namespace: 'System', name: 'Exception' }, payload: { code, description } }`).
 */
export interface AlexaStandIn {
  readonly ca: string;
  readonly lwaTokenUrl: string;
  readonly eventGatewayUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** A code Amazon hands the skill in AcceptGrant (single use). */
  issueGrantCode(): string;
  /** The ChangeReports the gateway accepted, with the token each came with. */
  readonly reports: readonly { readonly token: string; readonly body: ChangeReportBody }[];
  /** The Discovery AddOrUpdateReports the gateway accepted, with the token each came with. */
  readonly discoveryReports: readonly { readonly token: string; readonly body: AddOrUpdateReportBody }[];
  /** The Discovery DeleteReports the gateway accepted, with the token each came with. */
  readonly deleteReports: readonly { readonly token: string; readonly body: DeleteReportBody }[];
  /** Every event the gateway answered: its header's name (or `?`) and the status it answered. */
  readonly eventAnswers: readonly { readonly name: string; readonly status: number }[];
  /** Token requests received, by grant type. */
  readonly tokenRequests: readonly string[];
  /** Every access token issued so far stops being accepted (as when it expires). */
  expireAccessTokens(): void;
  /** The next `count` events are answered 429 THROTTLING_EXCEPTION or 503 SERVICE_UNAVAILABLE_EXCEPTION. */
  refuseNextEvents(count: number, status: 429 | 503): void;
  /** Events answered 429 or 503 so far. */
  readonly busyAnswers: number;
  /** The person disabled the skill: their tokens get 403 SKILL_NEVER_ENABLED_EXCEPTION. */
  disableSkillFor(refreshToken: string): void;
  /** The refresh tokens issued, in order (the latest last). */
  readonly refreshTokens: readonly string[];
  close(): Promise<void>;
}

/** An AddOrUpdateReport as the gateway reads it. */
export interface AddOrUpdateReportBody {
  readonly event: {
    readonly header: Record<string, unknown>;
    readonly payload: {
      readonly endpoints: readonly { readonly endpointId: string; readonly friendlyName: string }[];
      readonly scope: { type: string; token: string };
    };
  };
}

/** A DeleteReport as the gateway reads it. */
export interface DeleteReportBody {
  readonly event: {
    readonly header: Record<string, unknown>;
    readonly payload: {
      readonly endpoints: readonly { readonly endpointId: string }[];
      readonly scope: { type: string; token: string };
    };
  };
}

/** A ChangeReport as the gateway reads it. */
export interface ChangeReportBody {
  readonly context: { readonly properties: readonly Record<string, unknown>[] };
  readonly event: {
    readonly header: Record<string, unknown>;
    readonly endpoint: { readonly endpointId: string; readonly scope: { type: string; token: string } };
    readonly payload: {
      readonly change: { cause: { type: string }; properties: readonly Record<string, unknown>[] };
    };
  };
}

const gatewayError = (status: number, code: string, description: string) =>
  jsonAnswer(status, {
    header: { namespace: 'System', name: 'Exception', messageId: randomUUID() },
    payload: { code, description },
  });

const isSampled = (property: Record<string, unknown>) =>
  typeof property.namespace === 'string' &&
  typeof property.name === 'string' &&
  'value' in property &&
  typeof property.timeOfSample === 'string' &&
  !Number.isNaN(Date.parse(property.timeOfSample)) &&
  typeof property.uncertaintyInMilliseconds === 'number';

/** What the gateway finds wrong with a ChangeReport (its documented required fields), or undefined. */
function findChangeReportProblem(body: unknown): string | undefined {
  const report = body as {
    event?: {
      header?: Record<string, unknown>;
      endpoint?: { endpointId?: unknown; scope?: { type?: unknown } };
      payload?: { change?: { cause?: { type?: unknown }; properties?: unknown } };
    };
    context?: { properties?: unknown };
  } | null;
  const header = report?.event?.header;
  if (header?.namespace !== 'Alexa' || header.name !== 'ChangeReport' || header.payloadVersion !== '3')
    return 'event.header must be Alexa ChangeReport, payloadVersion 3';
  if (typeof header.messageId !== 'string') return 'event.header.messageId is required';
  const endpoint = report?.event?.endpoint;
  if (typeof endpoint?.endpointId !== 'string') return 'event.endpoint.endpointId is required';
  if (endpoint.scope?.type !== 'BearerToken') return 'event.endpoint.scope must be a BearerToken';
  const change = report?.event?.payload?.change;
  if (typeof change?.cause?.type !== 'string') return 'payload.change.cause.type is required';
  if (
    !Array.isArray(change.properties) ||
    change.properties.length === 0 ||
    !change.properties.every(isSampled)
  )
    return 'payload.change.properties must be sampled properties';
  if (!Array.isArray(report?.context?.properties) || !report.context.properties.every(isSampled))
    return 'context.properties must be sampled properties';
  return undefined;
}

/** The event's header name, `?` for a body that is not an event. */
function headerNameOf(text: string): string {
  try {
    const name = (JSON.parse(text) as { event?: { header?: { name?: unknown } } } | null)?.event?.header
      ?.name;
    return typeof name === 'string' ? name : '?';
  } catch {
    return '?';
  }
}

const isDiscoveryEvent = (body: unknown) =>
  (body as { event?: { header?: { namespace?: unknown } } } | null)?.event?.header?.namespace ===
  'Alexa.Discovery';

/** Each endpoint of an AddOrUpdateReport: as Discover.Response lists it. */
const isDiscoveredEndpoint = (endpoint: Record<string, unknown>) =>
  typeof endpoint.endpointId === 'string' &&
  typeof endpoint.friendlyName === 'string' &&
  typeof endpoint.manufacturerName === 'string' &&
  typeof endpoint.description === 'string' &&
  Array.isArray(endpoint.displayCategories) &&
  Array.isArray(endpoint.capabilities);

/** Each endpoint of a DeleteReport: its id. */
const isDeletedEndpoint = (endpoint: Record<string, unknown>) => typeof endpoint.endpointId === 'string';

/**
 * What the gateway finds wrong with a discovery event (https://developer.amazon.com/en-US/docs/alexa/
 * device-apis/alexa-discovery.html#addorupdatereport-event and #deletereport-event: header, payload.endpoints,
 * payload.scope), or undefined.
 */
function findDiscoveryReportProblem(body: unknown): string | undefined {
  const report = body as {
    event?: {
      header?: Record<string, unknown>;
      payload?: { endpoints?: unknown; scope?: { type?: unknown } };
    };
  };
  const header = report.event?.header;
  const isEndpoint =
    header?.name === 'AddOrUpdateReport'
      ? isDiscoveredEndpoint
      : header?.name === 'DeleteReport'
        ? isDeletedEndpoint
        : undefined;
  if (isEndpoint === undefined || header?.payloadVersion !== '3')
    return 'event.header must be Alexa.Discovery AddOrUpdateReport or DeleteReport, payloadVersion 3';
  if (typeof header.messageId !== 'string') return 'event.header.messageId is required';
  const endpoints = report.event?.payload?.endpoints;
  if (!Array.isArray(endpoints) || endpoints.length === 0 || endpoints.length > 300)
    return 'payload.endpoints must list 1 to 300 endpoints';
  if (!(endpoints as Record<string, unknown>[]).every(isEndpoint))
    return isEndpoint === isDeletedEndpoint
      ? 'each endpoint needs its endpointId'
      : 'each endpoint needs endpointId, friendlyName, manufacturerName, description, displayCategories, capabilities';
  if (report.event?.payload?.scope?.type !== 'BearerToken') return 'payload.scope must be a BearerToken';
  return undefined;
}

/**
 * Starts the stand-in; its URLs and certificate go to public-api's ALEXA_* and ASSISTANT_GATEWAY_CA settings.
 * Over HTTP with `tls: false`, beside Google's stand-in (both certificates are self-signed for 127.0.0.1 with
 * one subject, and a client's trust store keeps one of them).
 */
export async function startAlexaStandIn(options: { readonly tls?: boolean } = {}): Promise<AlexaStandIn> {
  const clientId = 'amzn1.application-oa2-client.homeport-test';
  const clientSecret = randomBytes(24).toString('hex');
  const codes = new Set<string>();
  const refreshTokens: string[] = [];
  const liveAccessTokens = new Map<string, string>();
  const disabledRefreshTokens = new Set<string>();
  const reports: { token: string; body: ChangeReportBody }[] = [];
  const discoveryReports: { token: string; body: AddOrUpdateReportBody }[] = [];
  const deleteReports: { token: string; body: DeleteReportBody }[] = [];
  const eventAnswers: { name: string; status: number }[] = [];
  const tokenRequests: string[] = [];
  const busy = { left: 0, status: 503 as 429 | 503, answered: 0 };

  const issueTokens = (refreshToken: string) => {
    const accessToken = `Atza|${randomBytes(24).toString('base64url')}`;
    liveAccessTokens.set(accessToken, refreshToken);
    return jsonAnswer(200, {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: 3600,
    });
  };

  function token(request: StandInRequest): StandInAnswer {
    const form = new URLSearchParams(request.body);
    tokenRequests.push(form.get('grant_type') ?? '');
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret)
      return jsonAnswer(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    if (form.get('grant_type') === 'authorization_code') {
      const code = form.get('code') ?? '';
      if (!codes.delete(code))
        return jsonAnswer(400, {
          error: 'invalid_grant',
          error_description: 'The request has an invalid grant parameter : code',
        });
      const refreshToken = `Atzr|${randomBytes(24).toString('base64url')}`;
      refreshTokens.push(refreshToken);
      return issueTokens(refreshToken);
    }
    if (form.get('grant_type') === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? '';
      if (!refreshTokens.includes(refreshToken))
        return jsonAnswer(400, {
          error: 'invalid_grant',
          error_description: 'The request has an invalid grant parameter : refresh_token',
        });
      return issueTokens(refreshToken);
    }
    return jsonAnswer(400, { error: 'unsupported_grant_type', error_description: 'Invalid grant type' });
  }

  function event(request: StandInRequest): StandInAnswer {
    const answer = answerEvent(request);
    eventAnswers.push({ name: headerNameOf(request.body), status: answer?.status ?? 0 });
    return answer;
  }

  function answerEvent(request: StandInRequest): StandInAnswer {
    if (busy.left > 0) {
      busy.left -= 1;
      busy.answered += 1;
      return busy.status === 429
        ? gatewayError(429, 'THROTTLING_EXCEPTION', 'Request could not be processed due to throttling.')
        : gatewayError(503, 'SERVICE_UNAVAILABLE_EXCEPTION', 'The service is unavailable.');
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const refreshToken = liveAccessTokens.get(bearer);
    if (refreshToken === undefined)
      return gatewayError(401, 'INVALID_ACCESS_TOKEN_EXCEPTION', 'Access token is not valid.');
    if (disabledRefreshTokens.has(refreshToken))
      return gatewayError(403, 'SKILL_NEVER_ENABLED_EXCEPTION', 'Skill is not enabled for the user.');
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return gatewayError(400, 'INVALID_REQUEST_EXCEPTION', 'The body is not JSON.');
    }
    const discovery = isDiscoveryEvent(body);
    const deletion = discovery && (body as DeleteReportBody).event.header.name === 'DeleteReport';
    const problem = discovery ? findDiscoveryReportProblem(body) : findChangeReportProblem(body);
    if (problem !== undefined) return gatewayError(400, 'INVALID_REQUEST_EXCEPTION', problem);
    const scopeToken = discovery
      ? (body as AddOrUpdateReportBody | DeleteReportBody).event.payload.scope.token
      : (body as ChangeReportBody).event.endpoint.scope.token;
    if (scopeToken !== bearer)
      return gatewayError(400, 'INVALID_REQUEST_EXCEPTION', 'the scope token is not the bearer token');
    if (deletion) deleteReports.push({ token: bearer, body: body as DeleteReportBody });
    else if (discovery) discoveryReports.push({ token: bearer, body: body as AddOrUpdateReportBody });
    else reports.push({ token: bearer, body: body as ChangeReportBody });
    return { status: 202, body: '' };
  }

  const server = await startHttpStandIn(
    (request) => {
      if (request.method === 'POST' && request.path === '/auth/o2/token') return token(request);
      if (request.method === 'POST' && request.path === '/v3/events') return event(request);
      return jsonAnswer(404, { message: 'not found' });
    },
    { tls: options.tls ?? true },
  );
  return {
    ca: server.ca ?? '',
    lwaTokenUrl: `${server.url}/auth/o2/token`,
    eventGatewayUrl: `${server.url}/v3/events`,
    clientId,
    clientSecret,
    issueGrantCode() {
      const code = randomBytes(10).toString('base64url');
      codes.add(code);
      return code;
    },
    reports,
    discoveryReports,
    deleteReports,
    eventAnswers,
    tokenRequests,
    refreshTokens,
    expireAccessTokens: () => {
      liveAccessTokens.clear();
    },
    refuseNextEvents: (count, status) => {
      Object.assign(busy, { left: count, status });
    },
    get busyAnswers() {
      return busy.answered;
    },
    disableSkillFor: (refreshToken) => {
      disabledRefreshTokens.add(refreshToken);
    },
    close: () => server.close(),
  };
}
