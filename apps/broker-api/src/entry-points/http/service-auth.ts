import { AppError } from '@homeport/errors';
import type { HttpApp } from '@homeport/http';
import { createHash, timingSafeEqual } from 'node:crypto';

/** The bearer tokens of the HTTP API and what each may do. */
export interface ApiTokens {
  /** Every route (public-api, operators). */
  readonly admin: string;
  /** Only reads of device records (`registryReadRoutes`): fan-out's registry check. Unset: no such token. */
  readonly registryRead?: string;
}

/** What the registry read token may call: `METHOD route` (fastify answers HEAD with the GET route). */
const registryReadRoutes: ReadonlySet<string> = new Set(
  ['/devices', '/devices/:deviceId'].flatMap((route) => [`GET ${route}`, `HEAD ${route}`]),
);

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Requires `Authorization: Bearer <token>` on every route of `scope` (an encapsulated plugin scope, so
 * /health, /ready and /metrics stay open): no or an unknown token is answered 401 UNAUTHENTICATED, the
 * registry read token outside `registryReadRoutes` 403 TOKEN_SCOPE_INSUFFICIENT.
 */
export function requireServiceToken(scope: HttpApp, tokens: ApiTokens): void {
  const admin = digest(tokens.admin);
  const registryRead = tokens.registryRead === undefined ? undefined : digest(tokens.registryRead);
  scope.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.authorization ?? '';
    const presented = digest(header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '');
    // Digests have equal length, and both comparisons always run: the time taken tells nothing of the token.
    const isAdmin = timingSafeEqual(presented, admin);
    const isRegistryRead = registryRead !== undefined && timingSafeEqual(presented, registryRead);
    if (header === '' || (!isAdmin && !isRegistryRead)) {
      done(new AppError('unauthenticated', 'UNAUTHENTICATED', 'a valid service bearer token is required'));
      return;
    }
    if (!isAdmin && !registryReadRoutes.has(`${request.method} ${request.routeOptions.url ?? ''}`)) {
      done(
        new AppError(
          'forbidden',
          'TOKEN_SCOPE_INSUFFICIENT',
          'this token may only read devices (GET /devices, GET /devices/:deviceId)',
        ),
      );
      return;
    }
    done();
  });
}
