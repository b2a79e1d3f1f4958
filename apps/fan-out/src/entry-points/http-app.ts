import { buildHttpApp, type HttpApp, type ReadinessCheck } from '@homeport/http';
import type { Logger, Registry } from '@homeport/observability';

/** What the HTTP app shows. */
export interface FanOutHttpAppDeps {
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readinessChecks: Readonly<Record<string, ReadinessCheck>>;
}

/** fan-out's HTTP app: only the operational routes (/health, /ready, /metrics); it serves no API. */
export function buildFanOutHttpApp(deps: FanOutHttpAppDeps): Promise<HttpApp> {
  return buildHttpApp({
    service: 'fan-out',
    logger: deps.logger,
    metrics: deps.registry,
    readinessChecks: deps.readinessChecks,
    openapi: { version: '0.1.0', description: 'Operational endpoints of fan-out (MQTT -> RabbitMQ).' },
  });
}
