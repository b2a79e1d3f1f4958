import { loadConfig } from '@homeport/config';
import { buildHttpApp, type HttpApp } from '@homeport/http';
import { createLogger, createMetricsRegistry } from '@homeport/observability';
import { createRedisClient, type RedisClient } from '@homeport/storage';
import { createTestRedisPrefix, readTestServerUrls, type TestRedisPrefix } from '@homeport/testing';
import { Type } from 'typebox';
import { sessionScopes, type TokenAuthenticator } from '../src/domain/callers';
import { forUsers, requireAuthentication } from '../src/entry-points/http/authenticate';
import { rateLimitSettings } from '../src/entry-points/http/rate-limit-table';
import { registerRateLimits } from '../src/entry-points/http/rate-limits';

// The limits of the table apply to a route from the moment it is registered: here the claim route, which
// device claiming will bring, on an app of its own. Each store (Redis for replicas, memory for the embedded
// mode) passes the same suite.

/** Bearer tokens `user-<id>` are that user's session (the real authenticators need PostgreSQL and keys). */
const testAuthenticator: TokenAuthenticator = {
  recognizes: (token) => token.startsWith('user-'),
  authenticate: (token, address) =>
    Promise.resolve({
      kind: 'user',
      userId: token,
      credential: { kind: 'session', sessionId: `session-of-${token}` },
      scopes: sessionScopes,
      address,
    }),
};

async function buildClaimApp(redis: RedisClient | undefined): Promise<HttpApp> {
  const service = 'public-api';
  const metrics = createMetricsRegistry({ service, collectDefaults: false });
  const app = await buildHttpApp({
    service,
    logger: createLogger({ service, level: 'silent' }),
    metrics,
    openapi: { version: '1.0.0' },
  });
  const settings = loadConfig(Type.Object(rateLimitSettings), {
    RATE_LIMIT_CLAIM_PER_USER: '2/1h',
    RATE_LIMIT_CLAIM_PER_ADDRESS: '3/1h',
  });
  const rateLimits = await registerRateLimits(app, { settings, metrics, ...(redis && { redis }) });
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', rateLimits.limitByAddress);
      await v1.register((scope) => {
        requireAuthentication(scope, [testAuthenticator]);
        scope.addHook('onRequest', rateLimits.limitByCaller);
        scope.post('/homes/:homeId/devices/claim', forUsers('devices:write'), (_request, reply) =>
          reply.code(202).send({ claimed: true }),
        );
        return Promise.resolve();
      });
    },
    { prefix: '/v1' },
  );
  return app;
}

const claim = (app: HttpApp, user: string, address: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/homes/0f9d3c52-8a1b-4b7e-b1f4-2c8e6a9d5e30/devices/claim',
    headers: { authorization: `Bearer ${user}` },
    remoteAddress: address,
  });

describe.each([
  ['Redis', true],
  ['memory', false],
] as const)('rate limits counted in %s', (_store, usesRedis) => {
  let prefix: TestRedisPrefix;
  let redis: RedisClient | undefined;
  let app: HttpApp;

  beforeAll(async () => {
    prefix = createTestRedisPrefix('papi_rate_stores');
    redis = usesRedis
      ? createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: prefix.keyPrefix })
      : undefined;
    app = await buildClaimApp(redis);
  });
  afterAll(async () => {
    await app.close();
    redis?.disconnect();
    await prefix.deleteKeys();
  });

  it("the claim route is limited per user across addresses, and per address across users, by the table's rows", async () => {
    expect((await claim(app, 'user-ada', '198.18.1.1')).statusCode).toBe(202);
    expect((await claim(app, 'user-ada', '198.18.1.2')).statusCode).toBe(202);
    const perUser = await claim(app, 'user-ada', '198.18.1.3');
    expect(perUser.statusCode).toBe(429);
    expect(perUser.json()).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'claim-caller' } });
    expect(Number(perUser.headers['retry-after'])).toBeGreaterThan(3500);

    // 198.18.1.1 claimed once for ada: two more users, then the address is spent.
    expect((await claim(app, 'user-grace', '198.18.1.1')).statusCode).toBe(202);
    expect((await claim(app, 'user-alan', '198.18.1.1')).statusCode).toBe(202);
    const perAddress = await claim(app, 'user-edsger', '198.18.1.1');
    expect(perAddress.json()).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'claim-address' } });
    expect((await claim(app, 'user-edsger', '198.18.1.9')).statusCode).toBe(202);
  });

  it('an IPv6 client is counted by its /64, so rotating addresses within it gains nothing', async () => {
    expect((await claim(app, 'user-u1', '2001:db8:0:7::1')).statusCode).toBe(202);
    expect((await claim(app, 'user-u2', '2001:db8:0:7::2')).statusCode).toBe(202);
    expect((await claim(app, 'user-u3', '2001:db8:0:7:ffff::3')).statusCode).toBe(202);
    const fourth = await claim(app, 'user-u4', '2001:db8:0:7::4');
    expect(fourth.json()).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'claim-address' } });
  });
});

describe('rate limits without their store', () => {
  it('an unreachable Redis answers 503 REDIS_UNAVAILABLE: the request is not let through unlimited', async () => {
    const away = createRedisClient({ url: 'redis://127.0.0.1:1', keyPrefix: 'away:', connectTimeoutMs: 200 });
    const app = await buildClaimApp(away);
    try {
      const answer = await claim(app, 'user-ada', '198.18.2.1');
      expect(answer.statusCode).toBe(503);
      expect(answer.json()).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    } finally {
      await app.close();
      away.disconnect();
    }
  });
});
