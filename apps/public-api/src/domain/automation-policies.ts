import { canViewHome } from './home-policies';
import type { HomeScope } from './homes';

// Who may do what with a home's automations, decided here and nowhere else.

/** Every member sees the automations of their home and what they did. */
export function canViewAutomations(scope: HomeScope, homeId: string): boolean {
  return canViewHome(scope, homeId);
}

/** Owners set them: an automation changes devices for everyone in the home. */
export function canManageAutomations(scope: HomeScope, homeId: string): boolean {
  return scope.roles.get(homeId) === 'owner';
}
