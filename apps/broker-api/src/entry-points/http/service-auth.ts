import { AppError } from '@homeport/errors';
import type { HttpApp } from '@homeport/http';
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Requires `Authorization: Bearer <token>` on every route of `scope` (an encapsulated plugin scope, so
 * /health, /ready and /metrics stay open); anything else is answered 401 UNAUTHENTICATED.
 */
export function requireServiceToken(scope: HttpApp, token: string): void {
  const expected = digest(token);
  scope.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    // Digests have equal length, so the comparison takes the same time whatever was presented.
    if (presented === '' || !timingSafeEqual(digest(presented), expected)) {
      done(new AppError('unauthenticated', 'UNAUTHENTICATED', 'a valid service bearer token is required'));
      return;
    }
    done();
  });
}
