import { AppError } from '@homeport/errors';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpApp } from './http-app-type';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Requires `Authorization: Bearer <token>` on every route of `scope` (an encapsulated plugin scope, so
 * /health, /ready and /metrics stay open); anything else is answered 401 UNAUTHENTICATED. The token is
 * compared as SHA-256 digests in constant time, so neither its length nor its content leaks through timing.
 */
export function requireServiceToken(scope: HttpApp, token: string): void {
  const expected = digest(token);
  scope.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.authorization ?? '';
    const presented = digest(header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '');
    if (header === '' || !timingSafeEqual(presented, expected)) {
      done(new AppError('unauthenticated', 'UNAUTHENTICATED', 'a valid service bearer token is required'));
      return;
    }
    done();
  });
}
