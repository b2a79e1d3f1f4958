import type { HomeScope } from './homes';
import type { User } from './users';

// Who may do what with homes, decided here and nowhere else. A home outside the scope is answered as
// missing (not forbidden): it tells nothing of homes the caller does not belong to.

/** Members (any role) see the home, its members, and may leave it. */
export function canViewHome(scope: HomeScope, homeId: string): boolean {
  return scope.roles.has(homeId);
}

/** Owners invite and remove members. */
export function canManageMembers(scope: HomeScope, homeId: string): boolean {
  return scope.roles.get(homeId) === 'owner';
}

/** An owner removes anyone; a member removes only themself (leaves). The last owner stays (repository). */
export function canRemoveMember(scope: HomeScope, homeId: string, userId: string): boolean {
  return canManageMembers(scope, homeId) || (canViewHome(scope, homeId) && userId === scope.userId);
}

/**
 * Invitations are addressed to an email: only once the user verified theirs is it known to be theirs, and
 * then the invitations to it (the repository finds them by that address) are theirs to accept.
 */
export function canAcceptInvitations(user: Pick<User, 'emailVerified'>): boolean {
  return user.emailVerified;
}

/**
 * Owners claim devices into a home, release them and move them to another home of theirs: a device in a home
 * is seen and controlled by all its members, so bringing one in or taking one out is an owner's decision.
 */
export function canManageDevices(scope: HomeScope, homeId: string): boolean {
  return scope.roles.get(homeId) === 'owner';
}

/**
 * Every member of the device's home (owner or member) changes its desired state and sends it commands: the
 * people who live there run the heating, not only whoever set the home up.
 */
export function canControlDevices(scope: HomeScope, homeId: string): boolean {
  return canViewHome(scope, homeId);
}

/** Members see the home's alert rules, the vendor defaults that apply to it and its alerts. */
export function canViewAlerts(scope: HomeScope, homeId: string): boolean {
  return canViewHome(scope, homeId);
}

/** Owners write the home's alert rules and mute vendor defaults: they decide what the home is told. */
export function canManageAlertRules(scope: HomeScope, homeId: string): boolean {
  return scope.roles.get(homeId) === 'owner';
}

/**
 * Every member acknowledges and snoozes an alert of the home: escalation tells the members after the owners,
 * so whoever is told may answer.
 */
export function canAcknowledgeAlerts(scope: HomeScope, homeId: string): boolean {
  return canViewHome(scope, homeId);
}
