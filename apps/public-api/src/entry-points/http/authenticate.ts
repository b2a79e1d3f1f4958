import type { ApiScope } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { httpErrorSchema, type HttpApp } from '@homeport/http';
import type { FastifyRequest } from 'fastify';
import {
  hasScope,
  type Caller,
  type TokenAuthenticator,
  type UserCaller,
  type VendorCaller,
} from '../../domain/callers';

/** Who may call a route: the kinds of caller it serves, and the scope their token must hold. */
export interface RouteAccess {
  readonly callers: readonly Caller['kind'][];
  readonly scope: ApiScope;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route of the authenticated scope (`requireAuthentication` refuses to start without). */
    access?: RouteAccess;
  }
}

/** Route options of a route for people (their session, personal access token or OAuth grant) with `scope`. */
export function forUsers(scope: ApiScope) {
  return { config: { access: { callers: ['user'], scope } satisfies RouteAccess } };
}

/** Route options of a route for vendors' back ends and vendor members alike, with `scope`. */
export function forVendorsAndMembers(scope: ApiScope) {
  return { config: { access: { callers: ['vendor', 'user'], scope } satisfies RouteAccess } };
}

/** Route options of a route for vendors' back ends only (API keys, OAuth clients) with `scope`. */
export function forVendors(scope: ApiScope) {
  return { config: { access: { callers: ['vendor'], scope } satisfies RouteAccess } };
}

/** The OpenAPI security scheme of the access tokens. */
export const bearerSecurityScheme = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /v1/sessions (EdDSA JWT, 15 minutes by default).',
  },
} as const;

/** The OpenAPI security scheme of vendor API keys (sent as bearer tokens too). */
export const apiKeySecurityScheme = {
  apiKeyAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'hpk_<keyId>_<secret>',
    description:
      "A vendor API key from POST /v1/vendors/{vendorId}/api-keys: the vendor's back end, with the key's scopes.",
  },
} as const;

/** What a route for vendors' back ends declares. */
export const authenticatedByApiKey = { security: [{ apiKeyAuth: [] }] };

/** What an authenticated route declares: the scheme, and its 401. */
export const authenticated = { security: [{ bearerAuth: [] }] };

const callers = new WeakMap<FastifyRequest, Caller>();

/**
 * Requires a bearer token on every route of `scope` (an encapsulated plugin scope), turned into its caller
 * by the first authenticator that recognizes its form: none is 401 UNAUTHENTICATED, one no authenticator
 * knows ACCESS_TOKEN_INVALID, and the authenticator's refusal otherwise. Then the route's `access`: another
 * kind of caller is 403 CALLER_KIND_NOT_ALLOWED, a token without the scope 403 TOKEN_SCOPE_INSUFFICIENT.
 */
export function requireAuthentication(scope: HttpApp, authenticators: readonly TokenAuthenticator[]): void {
  scope.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(`${String(route.method)} ${route.url} declares no access (config.access)`);
    }
    // The OpenAPI document names the OAuth scope too, unless no token may hold it (a session's own). Once:
    // a GET's HEAD route shares its schema.
    const security = route.schema?.security ?? [];
    if (
      route.schema !== undefined &&
      access.scope !== 'account:write' &&
      !security.some((s) => 'oauth2' in s)
    ) {
      route.schema.security = [...security, { oauth2: [access.scope] }];
    }
  });
  scope.addHook('onRequest', async (request) => {
    const match = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? '');
    const token = match?.[1];
    if (token === undefined) {
      throw new AppError('unauthenticated', 'UNAUTHENTICATED', 'a bearer access token is required');
    }
    const authenticator = authenticators.find((candidate) => candidate.recognizes(token));
    if (authenticator === undefined) {
      throw new AppError('unauthenticated', 'ACCESS_TOKEN_INVALID', 'the access token is not valid');
    }
    const caller = await authenticator.authenticate(token, request.ip);
    checkAccess(caller, request.routeOptions.config.access);
    callers.set(request, caller);
  });
}

function checkAccess(caller: Caller, access: RouteAccess | undefined): void {
  // onRoute refused to register a route without access: undefined here would be a wiring bug.
  if (access === undefined) throw new Error('a route of the authenticated scope declares no access');
  if (!access.callers.includes(caller.kind)) {
    throw new AppError(
      'forbidden',
      'CALLER_KIND_NOT_ALLOWED',
      `this route serves ${access.callers.map((kind) => `${kind}s`).join(' and ')}, not ${caller.kind}s`,
    );
  }
  if (!hasScope(caller, access.scope)) {
    throw new AppError('forbidden', 'TOKEN_SCOPE_INSUFFICIENT', `this route needs the scope ${access.scope}`);
  }
}

/** The caller `requireAuthentication` resolved for this request. */
export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  // A route outside the authenticated scope asked for a caller: a wiring bug, not the client's fault.
  if (caller === undefined) throw new Error(`no caller resolved for ${request.method} ${request.url}`);
  return caller;
}

/** The caller of a route `forUsers`: a person. */
export function userCallerOf(request: FastifyRequest): UserCaller {
  const caller = callerOf(request);
  if (caller.kind !== 'user') throw new Error(`${request.method} ${request.url} is not declared forUsers`);
  return caller;
}

/** The caller of a route `forVendors`: a vendor's back end. */
export function vendorCallerOf(request: FastifyRequest): VendorCaller {
  const caller = callerOf(request);
  if (caller.kind !== 'vendor')
    throw new Error(`${request.method} ${request.url} is not declared forVendors`);
  return caller;
}

/** Error responses for the OpenAPI document of a route; 429 on every one (every `/v1` route is rate limited). */
export function errorResponses(...statuses: (400 | 401 | 403 | 404 | 409 | 412 | 415 | 428 | 503)[]) {
  return Object.fromEntries([...statuses, 429].map((status) => [status, httpErrorSchema]));
}
