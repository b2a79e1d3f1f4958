import { Type } from 'typebox';
import type { Registry } from '@homeport/observability';
import type { HttpApp } from './http-app-type';
import { runReadinessChecks } from './readiness';
import type { ReadinessCheck } from './readiness';

/** Paths of the operational endpoints, whose per-request logging is skipped (probes hit them every few seconds). */
export const opsPaths: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

const checkResultSchema = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  reason: Type.Optional(Type.Union([Type.Literal('failed'), Type.Literal('timed out')])),
});

const readinessSchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  checks: Type.Record(Type.String(), checkResultSchema),
});

function describeFailure(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Dependencies of the operational routes. */
export interface OpsRoutesOptions {
  metrics: Registry;
  readinessChecks: Readonly<Record<string, ReadinessCheck>>;
  readinessTimeoutMs: number;
}

/** Registers GET /health (liveness), GET /ready (readiness) and GET /metrics (Prometheus). */
export function registerOpsRoutes(app: HttpApp, options: OpsRoutesOptions): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process serves requests (dependencies are not checked)',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: every dependency check is up',
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (request, reply) => {
      const report = await runReadinessChecks(options.readinessChecks, options.readinessTimeoutMs);
      if (!report.ready) {
        // The causes go to the log (with the requestId), never into the answer.
        const causes = Object.fromEntries(
          Object.entries(report.failures).map(([name, error]) => [name, describeFailure(error)]),
        );
        request.log.warn({ checks: report.checks, causes }, 'not ready');
      }
      return reply
        .code(report.ready ? 200 : 503)
        .send({ status: report.ready ? 'ready' : 'not_ready', checks: report.checks });
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const text = await options.metrics.metrics();
    return reply.type(options.metrics.contentType).send(text);
  });
}
