import { requireServiceToken, type HttpApp } from '@homeport/http';
import type { FleetAnalytics } from '../../domain/fleet-analytics';
import type { AnalyticsMetrics } from '../../metrics';
import { fleetRoutes } from './fleet.routes';

/**
 * Registers the internal API (libs/contracts http/analytics-api.ts) in one scope that requires the service
 * token; /health, /ready and /metrics stay outside it.
 */
export async function registerAnalyticsApi(
  app: HttpApp,
  deps: { readonly token: string; readonly analytics: FleetAnalytics; readonly metrics: AnalyticsMetrics },
): Promise<void> {
  await app.register(async (scope) => {
    requireServiceToken(scope, deps.token);
    await scope.register(fleetRoutes, { analytics: deps.analytics, metrics: deps.metrics });
  });
}
