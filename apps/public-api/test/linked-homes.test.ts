import { createRedisClient, type RedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls, waitFor } from '@homeport/testing';
import { randomUUID } from 'node:crypto';
import { createLinkedHomes, type LinkedHomes } from '../src/adapters/cached-linked-homes';
import { createCachedHomeScopes } from '../src/adapters/cached-home-scopes';
import type { Invalidations } from '../src/adapters/invalidations';
import type { HomeRepository } from '../src/domain/homes';
import type { InvitationRepository } from '../src/domain/invitations';
import { createRedisInvalidations } from '../src/adapters/redis-invalidations';

// Two replicas on one Redis key prefix, each remembering the homes with no link; the links and memberships
// stand in for PostgreSQL's, and every lookup of them is counted.
const prefix = createTestRedisPrefix('papi_linked_homes');
const clients: RedisClient[] = [];
const invalidations: Invalidations[] = [];
const links = new Map<string, string[]>();
const members = new Map<string, string[]>();
const lookups: string[] = [];
/** Each replica's invalidations, for a repository of its own. */
const invalidationsOf = new Map<LinkedHomes, Invalidations>();

function startReplica(): LinkedHomes {
  const redis = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
  clients.push(redis);
  const replicaInvalidations = createRedisInvalidations({ redis, onError: () => undefined });
  invalidations.push(replicaInvalidations);
  const linkedHomes = createLinkedHomes({
    invalidations: replicaInvalidations,
    limits: { maxEntries: 100, maxAgeMs: 60_000 },
    homesOf: (userId) =>
      Promise.resolve([...members].filter(([, users]) => users.includes(userId)).map(([homeId]) => homeId)),
  });
  invalidationsOf.set(linkedHomes, replicaInvalidations);
  return linkedHomes;
}

const linksOf = (replica: LinkedHomes, homeId: string) =>
  replica.linksOf(homeId, () => {
    lookups.push(homeId);
    return Promise.resolve(links.get(homeId) ?? []);
  });

afterAll(async () => {
  for (const replica of invalidations) await replica.close();
  for (const client of clients) client.disconnect();
  await prefix.deleteKeys();
});

describe('the homes each replica knows to have no assistant link', () => {
  it('an unlinked home is looked up once per replica; a link stored through one replica shows at the other’s next lookup', async () => {
    const [first, second] = [startReplica(), startReplica()];
    await waitFor(() => invalidations.every((replica) => replica.isListening()), 'the subscriptions');
    const [home, otherHome, user] = [randomUUID(), randomUUID(), randomUUID()];
    members.set(home, [user]);
    members.set(otherHome, [randomUUID()]);

    for (let event = 0; event < 5; event += 1) {
      expect(await linksOf(first, home)).toEqual([]);
      expect(await linksOf(second, home)).toEqual([]);
      expect(await linksOf(second, otherHome)).toEqual([]);
    }
    expect(lookups.filter((homeId) => homeId === home)).toHaveLength(2);
    expect(lookups.filter((homeId) => homeId === otherHome)).toHaveLength(1);

    // The person links through the first replica: the link is stored, then their homes announced.
    links.set(home, [`link of ${user}`]);
    await first.linkStored(user);
    await waitFor(async () => (await linksOf(second, home)).length === 1, 'the link seen by the second');
    expect(await linksOf(first, home)).toEqual([`link of ${user}`]);
    // The other home still costs nothing.
    const before = lookups.length;
    expect(await linksOf(second, otherHome)).toEqual([]);
    expect(lookups).toHaveLength(before);
  });

  it('a person with a link joining a home (an accepted invitation) makes every replica look the home up again', async () => {
    const [first, second] = [startReplica(), startReplica()];
    await waitFor(() => invalidations.every((replica) => replica.isListening()), 'the subscriptions');
    const [home, linkedUser] = [randomUUID(), randomUUID()];
    members.set(home, [randomUUID()]);
    expect(await linksOf(second, home)).toEqual([]);

    // The invitation repository of the first replica, as public-api wraps it (cached-home-scopes.ts).
    const accepted = {
      kind: 'home',
      id: randomUUID(),
      email: 'joiner@example.com',
      invitedBy: randomUUID(),
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
      homeId: home,
      homeName: 'Home',
      role: 'member',
    } as const;
    const { invitations: invitationsOfFirst } = createCachedHomeScopes(
      {
        homes: {} as HomeRepository,
        invitations: {
          acceptInvitation: () => {
            members.set(home, [...(members.get(home) ?? []), linkedUser]);
            links.set(home, [`link of ${linkedUser}`]);
            return Promise.resolve({ kind: 'accepted', invitation: accepted });
          },
        } as unknown as InvitationRepository,
      },
      { invalidations: invalidationsOf.get(first)!, limits: { maxEntries: 100, maxAgeMs: 60_000 } },
    );
    await invitationsOfFirst.acceptInvitation({
      invitationId: accepted.id,
      email: accepted.email,
      userId: linkedUser,
      now: new Date(),
    });
    await waitFor(
      async () => (await linksOf(second, home)).length === 1,
      'the joined home seen by the second',
    );
    expect(await linksOf(first, home)).toEqual([`link of ${linkedUser}`]);
  });
});
