import { AppError } from '@homeport/errors';
import type { HttpApp } from '@homeport/http';
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Every route of `scope` (an encapsulated plugin, so /health, /ready and /metrics stay open) needs
 * `Authorization: Bearer <ALERTS_API_TOKEN>`, else 401 UNAUTHENTICATED. Compared as SHA-256 digests in
 * constant time: neither the token's length nor its content leaks through timing.
 */
export function requireServiceToken(scope: HttpApp, token: string): void {
  const sha256 = (text: string) => createHash('sha256').update(text).digest();
  const expected = sha256(`Bearer ${token}`);
  scope.addHook('onRequest', (request, _reply, done) => {
    const presented = request.headers.authorization;
    const valid = presented !== undefined && timingSafeEqual(sha256(presented), expected);
    done(
      valid
        ? undefined
        : new AppError('unauthenticated', 'UNAUTHENTICATED', 'a valid service bearer token is required'),
    );
  });
}
