import type { Counter } from '@homeport/observability';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from './http-app-type';
import { requestIdHeader } from './request-id';
import { toHttpError } from './to-http-error';

/**
 * Installs the one error mapping of the app: every thrown error and every unknown route is answered
 * `{ code, message, requestId, details? }`. Internal errors are logged with their stack and counted.
 */
export function registerErrorHandling(app: HttpApp, internalErrors: Counter<'route' | 'method'>): void {
  app.setErrorHandler((error, request, reply) => {
    const { statusCode, body } = toHttpError(error, request.id);
    if (statusCode === 500) {
      internalErrors.inc({ route: request.routeOptions.url ?? 'unmatched', method: request.method });
      request.log.error({ err: error }, 'internal error while handling request');
    } else if (statusCode >= 500) {
      request.log.warn({ err: error }, 'dependency unavailable while handling request');
    } else {
      // A client's mistake, not ours: no stack, just what the client was told.
      request.log.info({ statusCode, code: body.code, reason: body.message }, 'request refused');
    }
    return reply.code(statusCode).send(body);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    return reply.code(404).send({
      code: 'ROUTE_NOT_FOUND',
      message: `route ${request.method} ${request.url.split('?')[0] ?? ''} not found`,
      requestId: request.id,
    });
  });
}

/** Answers errors fastify raises before routing (e.g. a malformed URL) in the same shape as every other error. */
export function replyFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { statusCode, body } = toHttpError(error, request.id);
  request.log.info({ statusCode, code: body.code, reason: body.message }, 'request refused');
  void reply.code(statusCode).header(requestIdHeader, request.id).send(body);
}
