import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger, Registry } from '@homeport/observability';
import { fastify, LogController } from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import { registerErrorHandling, replyFrameworkError } from './error-handling';
import { refuseNonFiniteNumbers } from './finite-numbers';
import type { HttpApp } from './http-app-type';
import { registerOpenApi } from './openapi';
import type { OpenApiInfo } from './openapi';
import { opsPaths, registerOpsRoutes } from './ops-routes';
import type { ReadinessCheck } from './readiness';
import { generateRequestId, requestIdHeader } from './request-id';
import { registerRequestMetrics } from './request-metrics';

/** Dependencies and settings of `buildHttpApp`. */
export interface HttpAppOptions {
  /** Service name; the default OpenAPI title (logs and metrics get it from the logger and registry given). */
  service: string;
  logger: Logger;
  metrics: Registry;
  /** Dependency checks for GET /ready, by name (e.g. `{ postgres: () => pool.query('select 1') }`). */
  readinessChecks?: Readonly<Record<string, ReadinessCheck>>;
  /** Time each readiness check gets before it counts as down; defaults to 2000 ms. */
  readinessTimeoutMs?: number;
  openapi: OpenApiInfo;
  /** Largest accepted request body; defaults to fastify's 1 MiB. */
  bodyLimitBytes?: number;
  /**
   * The proxies whose `X-Forwarded-For` sets `request.ip` (fastify's trustProxy: addresses, CIDRs, or
   * proxy-addr's names `loopback`, `linklocal`, `uniquelocal`); none by default, so a client cannot choose
   * its own address by sending the header.
   */
  trustProxy?: readonly string[];
}

/**
 * Builds (does not start) a service's HTTP app: request ids, request logging and metrics, /health,
 * /ready, /metrics, the OpenAPI document and UI, and the one error mapping. Add routes, then
 * `startHttpServer` it, or call `app.inject` in tests.
 */
export async function buildHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  // Widened to fastify's logger interface so the instance type matches HttpApp (route modules need not know pino).
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = fastify({
    loggerInstance,
    // Request ids are ours: genReqId decides whether the incoming header is trustworthy.
    requestIdHeader: false,
    genReqId: generateRequestId,
    // fastify's two info lines per request cost a busy service a share of its time in stdout writes: each
    // request gets one debug line instead (logRequest); errors are logged at error by the error mapping.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy?.slice(),
    // Report every failing field at once, not only the first; a field a schema does not allow is refused
    // and named (fastify's default removes it silently, so a misspelt optional field would be ignored).
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false },
      plugins: [refuseNonFiniteNumbers],
    },
    // Errors fastify raises before routing (a malformed URL) get the same body as every other error.
    frameworkErrors: replyFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', (request, reply, done) => {
    void reply.header(requestIdHeader, request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (!opsPaths.has(request.url)) {
      const { method, url } = request;
      request.log.debug({ method, url, statusCode: reply.statusCode, ms: reply.elapsedTime }, 'request');
    }
    done();
  });
  const internalErrors = registerRequestMetrics(app, options.metrics);
  registerErrorHandling(app, internalErrors);
  await registerOpenApi(app, options.service, options.openapi);
  registerOpsRoutes(app, {
    metrics: options.metrics,
    readinessChecks: options.readinessChecks ?? {},
    readinessTimeoutMs: options.readinessTimeoutMs ?? 2000,
  });
  return app;
}
