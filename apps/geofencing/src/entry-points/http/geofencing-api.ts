import { requireServiceToken, type HttpApp } from '@homeport/http';
import type { AutomationService } from '../../domain/automation-service';
import type { SharingService } from '../../domain/sharing-service';
import { automationRoutes } from './automations.routes';
import { privacyRoutes } from './privacy.routes';

/**
 * Registers the internal API (libs/contracts http/geofencing-api.ts) in one scope that requires
 * GEOFENCING_API_TOKEN; /health, /ready and /metrics stay outside it.
 */
export async function registerGeofencingApi(
  app: HttpApp,
  deps: { readonly token: string; readonly automations: AutomationService; readonly sharing: SharingService },
): Promise<void> {
  await app.register(async (scope) => {
    requireServiceToken(scope, deps.token);
    await scope.register(automationRoutes, { automations: deps.automations });
    await scope.register(privacyRoutes, { sharing: deps.sharing });
  });
}
