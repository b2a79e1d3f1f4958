import type { HttpApp } from '@homeport/http';
import type { Rules } from '../../domain/rules';
import { rulesRoutes } from './rules.routes';
import { guardWithServiceToken } from './service-token';

/**
 * Registers the internal API (libs/contracts http/alerts-api.ts) in one scope that requires the service
 * token; /health, /ready and /metrics stay outside it.
 */
export async function registerAlertsApi(
  app: HttpApp,
  deps: { readonly token: string; readonly rules: Rules },
): Promise<void> {
  await app.register(async (scope) => {
    guardWithServiceToken(scope, deps.token);
    await scope.register(rulesRoutes, { rules: deps.rules });
  });
}
