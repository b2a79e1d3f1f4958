import type { WebhookRepository } from '../domain/webhooks';
import { createAbsenceCache, type CacheLimits } from './invalidated-cache';
import type { Invalidations } from './invalidations';

/** The topic's key when any endpoint may reach more events than before (every replica drops all it kept). */
const anyReach = '*';

/**
 * Webhook endpoints with, per replica, the (event type, vendor, home) that no endpoint reaches, so that the
 * webhook consumer makes no query for the events of vendors and homes without endpoints (most of them: the
 * query ran for every state change). Only the absence is kept: an endpoint deleted or disabled, a member
 * who left, an authorization revoked can only make fewer endpoints match, never a kept absence wrong. What
 * can make more match announces `webhook-reach` to every replica: an endpoint created, changed or
 * re-enabled (here), a member joining a home (the invitations' cache). One case waits for the cache's
 * maximum age: an OAuth client's endpoints outlive an expired grant until it is renewed or ended (the
 * match checks the grant), and a renewal is not announced.
 */
export function cacheWebhookMatching(
  endpoints: WebhookRepository,
  deps: { readonly invalidations: Invalidations; readonly limits: CacheLimits },
): WebhookRepository {
  const { invalidations } = deps;
  const absent = createAbsenceCache(invalidations, deps.limits);
  invalidations.subscribe('webhook-reach', { onStale: absent.dropAll, onReset: absent.dropAll });
  const thenAnnounce = async <T>(change: Promise<T>): Promise<T> => {
    try {
      return await change;
    } finally {
      // Also when the change failed: it may have committed.
      await invalidations.publish('webhook-reach', anyReach);
    }
  };
  return {
    ...endpoints,
    insert: (endpoint, maxPerOwner) => thenAnnounce(endpoints.insert(endpoint, maxPerOwner)),
    update: (owner, id, changes, now) => thenAnnounce(endpoints.update(owner, id, changes, now)),
    match: (eventType, reach, now) =>
      absent.listUnlessAbsent(`${eventType}|${reach.vendorId ?? ''}|${reach.homeId ?? ''}`, () =>
        endpoints.match(eventType, reach, now),
      ),
  };
}
