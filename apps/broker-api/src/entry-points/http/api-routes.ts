import type { HttpApp } from '@homeport/http';
import type { ClaimService } from '../../domain/claim-service';
import type { CommandService } from '../../domain/command-service';
import type { CredentialService } from '../../domain/credential-service';
import type { RegistryService } from '../../domain/registry-service';
import type { ShadowService } from '../../domain/shadow-service';
import { claimRoutes } from './claim.routes';
import { commandRoutes } from './command.routes';
import { credentialRoutes } from './credential.routes';
import { deviceRoutes } from './device.routes';
import { requireServiceToken, type ApiTokens } from './service-auth';
import { shadowRoutes } from './shadow.routes';
import { vendorRoutes } from './vendor.routes';

/** What the API routes call. */
export interface ApiRoutesDeps {
  readonly tokens: ApiTokens;
  readonly registry: RegistryService;
  readonly claims: ClaimService;
  readonly credentials: CredentialService;
  readonly shadows: ShadowService;
  readonly commands: CommandService;
}

/** Registers every API route in one scope that requires a bearer token of the API (`ApiTokens`). */
export async function registerApiRoutes(app: HttpApp, deps: ApiRoutesDeps): Promise<void> {
  await app.register(async (scope) => {
    requireServiceToken(scope, deps.tokens);
    await scope.register(vendorRoutes, { registry: deps.registry });
    await scope.register(deviceRoutes, { registry: deps.registry, shadows: deps.shadows });
    await scope.register(claimRoutes, { claims: deps.claims });
    await scope.register(credentialRoutes, { credentials: deps.credentials });
    await scope.register(shadowRoutes, { shadows: deps.shadows });
    await scope.register(commandRoutes, { commands: deps.commands });
  });
}
