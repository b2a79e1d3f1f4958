import type { AlexaLinks } from '../domain/alexa-links';
import type { GoogleLinks } from '../domain/google-links';
import { createAbsenceCache, type CacheLimits } from './invalidated-cache';
import type { Invalidations } from './invalidations';

/**
 * Per replica and per assistant, the homes none of whose members has a live link, so that the assistants'
 * reporters make no query for the state changes and presence of devices in homes nobody linked (most of
 * them). Only the absence is kept: a link removed, a grant revoked or expired (its link row deleted by
 * migration 009's trigger, or filtered out by the query) cannot make it wrong, so only a link made (for each
 * of its person's homes, read after the link is stored) and a member joining a home invalidate it (topic
 * `home-links`, on every replica).
 */
export function createLinkedHomes(deps: {
  readonly invalidations: Invalidations;
  readonly limits: CacheLimits;
  /** The homes a person is a member of now (PostgreSQL, not a replica's cached scope). */
  readonly homesOf: (userId: string) => Promise<readonly string[]>;
}) {
  const { invalidations, homesOf } = deps;
  const homes = createAbsenceCache(invalidations, deps.limits);
  invalidations.subscribe('home-links', { onStale: homes.drop, onReset: homes.dropAll });
  return {
    /** The home's links as `load` finds them; none, without a query, for a home known to have none. */
    linksOf: <Link>(homeId: string, load: () => Promise<Link[]>): Promise<Link[]> =>
      homes.listUnlessAbsent(homeId, load),
    /** After a person's link was stored (whatever its outcome): their homes may have links now. */
    async linkStored(userId: string): Promise<void> {
      for (const homeId of await homesOf(userId)) await invalidations.publish('home-links', homeId);
    },
  };
}

/** The homes known to have no link of one assistant. */
export type LinkedHomes = ReturnType<typeof createLinkedHomes>;

/** Stores a link through `save`, then announces it (also when the save failed: it may have committed). */
async function thenAnnounceLink<T>(linkedHomes: LinkedHomes, userId: string, save: Promise<T>): Promise<T> {
  try {
    return await save;
  } finally {
    await linkedHomes.linkStored(userId);
  }
}

/** Alexa's links with the homes known to have none. */
export function cacheAlexaLinks(links: AlexaLinks, linkedHomes: LinkedHomes): AlexaLinks {
  return {
    ...links,
    save: (link) => thenAnnounceLink(linkedHomes, link.userId, links.save(link)),
    findForHome: (homeId, now) => linkedHomes.linksOf(homeId, () => links.findForHome(homeId, now)),
  };
}

/** Google's links with the homes known to have none. */
export function cacheGoogleLinks(links: GoogleLinks, linkedHomes: LinkedHomes): GoogleLinks {
  return {
    ...links,
    saveSync: (link, deviceIds, at) =>
      thenAnnounceLink(linkedHomes, link.userId, links.saveSync(link, deviceIds, at)),
    listForHome: (homeId, now) => linkedHomes.linksOf(homeId, () => links.listForHome(homeId, now)),
  };
}
