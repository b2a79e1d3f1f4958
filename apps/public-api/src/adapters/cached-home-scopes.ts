import type { HomeRepository, HomeScope } from '../domain/homes';
import type { InvitationRepository } from '../domain/invitations';
import { createInvalidatedCache, type CacheLimits } from './invalidated-cache';
import type { Invalidations } from './invalidations';

/**
 * The home and invitation repositories with each replica remembering a person's home scope (their homes and
 * roles), read at nearly every request. Every change of a membership (a new home, an accepted invitation, a
 * removal) invalidates the person's scope on every replica once PostgreSQL has it, so a removed member is
 * refused from the next request on.
 */
export function createCachedHomeScopes(
  repositories: { readonly homes: HomeRepository; readonly invitations: InvitationRepository },
  deps: { readonly invalidations: Invalidations; readonly limits: CacheLimits },
): { homes: HomeRepository; invitations: InvitationRepository } {
  const { homes, invitations } = repositories;
  const { invalidations } = deps;
  const scopes = createInvalidatedCache<HomeScope>(invalidations, deps.limits);
  invalidations.subscribe('home-scope', { onStale: scopes.drop, onReset: scopes.dropAll });
  // After the change, whether it succeeded or not: a failure after the commit must not leave a stale scope.
  const thenInvalidate = async <T>(userId: string, change: Promise<T>): Promise<T> => {
    try {
      return await change;
    } finally {
      await invalidations.publish('home-scope', userId);
    }
  };
  return {
    homes: {
      ...homes,
      loadScope: (userId) => scopes.get(userId, () => homes.loadScope(userId)),
      insertHome: (home, ownerId) => thenInvalidate(ownerId, homes.insertHome(home, ownerId)),
      removeMember: (scope, homeId, userId) =>
        thenInvalidate(userId, homes.removeMember(scope, homeId, userId)),
    },
    invitations: {
      ...invitations,
      async acceptInvitation(acceptance) {
        const outcome = await thenInvalidate(acceptance.userId, invitations.acceptInvitation(acceptance));
        // A home known to have no assistant link may have one now (cached-linked-homes.ts), and the new
        // member's webhook endpoints may reach it (cached-webhook-matching.ts).
        if (outcome.kind === 'accepted' && outcome.invitation.kind === 'home') {
          await invalidations.publish('home-links', outcome.invitation.homeId);
          await invalidations.publish('webhook-reach', outcome.invitation.homeId);
        }
        return outcome;
      },
    },
  };
}
