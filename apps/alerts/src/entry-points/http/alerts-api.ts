import { requireServiceToken, type HttpApp } from '@homeport/http';
import type { AlertHistory } from '../../domain/alert-history';
import type { RuleMutes } from '../../domain/rule-mutes';
import type { Rules } from '../../domain/rules';
import { alertsRoutes } from './alerts.routes';
import { mutesRoutes } from './mutes.routes';
import { rulesRoutes } from './rules.routes';

/** The use cases the internal API serves. */
export interface AlertsApiUseCases {
  readonly rules: Rules;
  readonly history: AlertHistory;
  readonly mutes: RuleMutes;
}

/**
 * Registers the internal API (libs/contracts http/alerts-api.ts, http/alerts-api-alerts.ts) in one scope that
 * requires the service token; /health, /ready and /metrics stay outside it.
 */
export async function registerAlertsApi(
  app: HttpApp,
  deps: { readonly token: string; readonly useCases: AlertsApiUseCases },
): Promise<void> {
  await app.register(async (scope) => {
    requireServiceToken(scope, deps.token);
    await scope.register(rulesRoutes, { rules: deps.useCases.rules });
    await scope.register(alertsRoutes, { history: deps.useCases.history });
    await scope.register(mutesRoutes, { mutes: deps.useCases.mutes });
  });
}
