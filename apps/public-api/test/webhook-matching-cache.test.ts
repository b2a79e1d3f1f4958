import { createRedisClient, type RedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls, waitFor } from '@homeport/testing';
import { randomUUID } from 'node:crypto';
import { cacheWebhookMatching } from '../src/adapters/cached-webhook-matching';
import { createCachedHomeScopes } from '../src/adapters/cached-home-scopes';
import type { Invalidations } from '../src/adapters/invalidations';
import { createRedisInvalidations } from '../src/adapters/redis-invalidations';
import type { HomeRepository } from '../src/domain/homes';
import type { InvitationRepository } from '../src/domain/invitations';
import type { MatchedWebhook, WebhookEndpoint, WebhookRepository } from '../src/domain/webhooks';

// Two replicas on one Redis key prefix, each remembering which events no endpoint reaches; the endpoints
// stand in for PostgreSQL's (vendor endpoints by vendor, members' endpoints by home), every match counted.
const prefix = createTestRedisPrefix('papi_webhook_reach');
const clients: RedisClient[] = [];
const invalidations: Invalidations[] = [];
const byVendor = new Map<string, MatchedWebhook[]>();
const byHome = new Map<string, MatchedWebhook[]>();
const lookups: string[] = [];

const stored: WebhookRepository = {
  insert(endpoint) {
    if (endpoint.owner.kind === 'vendor') byVendor.set(endpoint.owner.vendorId, [matchedOf(endpoint)]);
    return Promise.resolve('inserted');
  },
  match(eventType, reach) {
    lookups.push(`${eventType}|${reach.vendorId ?? ''}|${reach.homeId ?? ''}`);
    const vendors = reach.vendorId === undefined ? [] : (byVendor.get(reach.vendorId) ?? []);
    const homes = reach.homeId === undefined ? [] : (byHome.get(reach.homeId) ?? []);
    return Promise.resolve([...vendors, ...homes]);
  },
} as Partial<WebhookRepository> as WebhookRepository;

const matchedOf = (endpoint: WebhookEndpoint): MatchedWebhook => ({
  id: endpoint.id,
  url: endpoint.url,
  secret: endpoint.secret,
  forOwner: endpoint.owner.kind === 'user',
});

function startReplica(): { endpoints: WebhookRepository; invalidations: Invalidations } {
  const redis = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix });
  clients.push(redis);
  const replicaInvalidations = createRedisInvalidations({ redis, onError: () => undefined });
  invalidations.push(replicaInvalidations);
  const endpoints = cacheWebhookMatching(stored, {
    invalidations: replicaInvalidations,
    limits: { maxEntries: 100, maxAgeMs: 60_000 },
  });
  return { endpoints, invalidations: replicaInvalidations };
}

const stateChanged = 'device.state-changed' as const;
const now = new Date();

afterAll(async () => {
  for (const replica of invalidations) await replica.close();
  for (const client of clients) client.disconnect();
  await prefix.deleteKeys();
});

describe('the events each replica knows no webhook endpoint reaches', () => {
  it('the events of a vendor and home without endpoints are matched once per replica; an endpoint created through one replica is matched at the other’s next event', async () => {
    const [first, second] = [startReplica(), startReplica()];
    await waitFor(() => invalidations.every((replica) => replica.isListening()), 'the subscriptions');
    const [vendorId, homeId] = [`vendor-${randomUUID()}`, randomUUID()];
    const reach = { vendorId, homeId };
    const key = `${stateChanged}|${vendorId}|${homeId}`;

    for (let event = 0; event < 5; event += 1) {
      expect(await first.endpoints.match(stateChanged, reach, now)).toEqual([]);
      expect(await second.endpoints.match(stateChanged, reach, now)).toEqual([]);
    }
    expect(lookups.filter((lookup) => lookup === key)).toHaveLength(2);
    // Another event type is its own question.
    expect(await first.endpoints.match('device.presence', reach, now)).toEqual([]);
    expect(lookups.filter((lookup) => lookup.endsWith(`|${vendorId}|${homeId}`))).toHaveLength(3);

    const endpoint: WebhookEndpoint = {
      id: randomUUID(),
      owner: { kind: 'vendor', vendorId },
      url: 'https://cloud.example.com/homeport',
      eventTypes: [stateChanged],
      description: null,
      homeId: null,
      secret: 'whsec_test',
      disabledAt: null,
      disabledReason: null,
      createdAt: now,
    };
    await first.endpoints.insert(endpoint, 10);
    await waitFor(
      async () => (await second.endpoints.match(stateChanged, reach, now)).length === 1,
      'the new endpoint matched by the second replica',
    );
    expect(await first.endpoints.match(stateChanged, reach, now)).toEqual([matchedOf(endpoint)]);
    // What is found is never kept: each event asks again.
    const before = lookups.length;
    await second.endpoints.match(stateChanged, reach, now);
    expect(lookups).toHaveLength(before + 1);
  });

  it('a person with endpoints joining a home (an accepted invitation) makes every replica match the home again', async () => {
    const [first, second] = [startReplica(), startReplica()];
    await waitFor(() => invalidations.every((replica) => replica.isListening()), 'the subscriptions');
    const homeId = randomUUID();
    const reach = { vendorId: undefined, homeId };
    expect(await second.endpoints.match(stateChanged, reach, now)).toEqual([]);

    const accepted = {
      kind: 'home',
      id: randomUUID(),
      email: 'joiner@example.com',
      invitedBy: randomUUID(),
      createdAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
      homeId,
      homeName: 'Home',
      role: 'member',
    } as const;
    const joinersEndpoint = {
      id: randomUUID(),
      url: 'https://joiner.example.com/',
      secret: 's',
      forOwner: true,
    };
    // The invitation repository of the first replica, as public-api wraps it (cached-home-scopes.ts).
    const { invitations: invitationsOfFirst } = createCachedHomeScopes(
      {
        homes: {} as HomeRepository,
        invitations: {
          acceptInvitation: () => {
            byHome.set(homeId, [joinersEndpoint]);
            return Promise.resolve({ kind: 'accepted', invitation: accepted });
          },
        } as unknown as InvitationRepository,
      },
      { invalidations: first.invalidations, limits: { maxEntries: 100, maxAgeMs: 60_000 } },
    );
    await invitationsOfFirst.acceptInvitation({
      invitationId: accepted.id,
      email: accepted.email,
      userId: randomUUID(),
      now,
    });
    await waitFor(
      async () => (await second.endpoints.match(stateChanged, reach, now)).length === 1,
      'the joined home matched by the second replica',
    );
  });
});
