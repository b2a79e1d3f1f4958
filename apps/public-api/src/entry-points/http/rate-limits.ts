import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import { AppError } from '@homeport/errors';
import type { HttpApp } from '@homeport/http';
import { createCounter, type Registry } from '@homeport/observability';
import { translateRedisError, type RedisClient } from '@homeport/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { Caller } from '../../domain/callers';
import type { LoginAttempts } from '../../domain/session-service';
import { normalizeEmail } from '../../domain/users';
import { callerOf } from './authenticate';
import {
  loginFailureLimits,
  parseLimit,
  routeLimits,
  type LimitSubject,
  type RateLimitSettings,
} from './rate-limit-table';

/** The limits of public-api's requests (rate-limit-table.ts), as hooks and the login counters. */
export interface RateLimits {
  /** onRequest of every `/v1` route, before authentication: the address's limit, and the route's. */
  readonly limitByAddress: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** onRequest after authentication: the credential's limit, and the route's per caller. */
  readonly limitByCaller: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** The failed-login counters of a login request (its body's email, its address). */
  loginAttemptsOf(request: FastifyRequest, reply: FastifyReply): LoginAttempts;
}

/** Where the counters are: Redis, shared by every replica; in this process's memory without it (embedded). */
export interface RateLimitsOptions {
  readonly redis?: RedisClient;
  readonly settings: RateLimitSettings;
  readonly metrics: Registry;
}

type Check = ReturnType<HttpApp['createRateLimit']>;
type Verdict = Extract<Awaited<ReturnType<Check>>, { isAllowed: false }>;
interface Limiter {
  readonly name: string;
  readonly check: Check;
}

// IETF draft-ietf-httpapi-ratelimit-headers names, as @fastify/rate-limit's enableDraftSpec writes them.
const header = {
  limit: 'ratelimit-limit',
  remaining: 'ratelimit-remaining',
  reset: 'ratelimit-reset',
  retryAfter: 'retry-after',
};

/** A session's id, a token's, a key's; an OAuth grant's (every user of one OAuth client is not one caller). */
function credentialKeyOf(caller: Caller): string {
  const { credential } = caller;
  switch (credential.kind) {
    case 'session':
      return `session:${credential.sessionId}`;
    case 'personal-access-token':
      return `token:${credential.tokenId}`;
    case 'oauth':
      return `grant:${credential.grantId}`;
    case 'oauth-client':
      return `client:${credential.clientId}`;
    case 'api-key':
      return `key:${credential.keyId}`;
  }
}

const callerKeyOf = (caller: Caller) =>
  caller.kind === 'user' ? `user:${caller.userId}` : `vendor:${caller.vendorId}`;

/** The login's email, hashed: the store holds no addresses. The schema validated the body before. */
function loginEmailKeyOf(request: FastifyRequest): string {
  const body = request.body as { email?: unknown } | undefined;
  if (typeof body?.email !== 'string') throw new Error(`${request.url}: a login body without an email`);
  return createHash('sha256').update(normalizeEmail(body.email)).digest('base64url');
}

const subjects: Record<LimitSubject | 'credential' | 'email', (request: FastifyRequest) => string> = {
  address: (request) => normalizeIP(request.ip),
  caller: (request) => callerKeyOf(callerOf(request)),
  credential: (request) => credentialKeyOf(callerOf(request)),
  email: loginEmailKeyOf,
};

/**
 * Registers @fastify/rate-limit (its Redis store when given a client, its in-memory store otherwise) and
 * makes the limiters of the table. Every limit is checked by the hooks below, not by the plugin's own
 * per-route hook, since a request draws from several (address, credential, route) and the plugin runs one.
 * A store that cannot be reached answers 503 REDIS_UNAVAILABLE: a limit that fails open bounds nothing.
 */
export async function registerRateLimits(app: HttpApp, options: RateLimitsOptions): Promise<RateLimits> {
  await app.register(fastifyRateLimit, {
    global: false,
    nameSpace: 'rate-limit:',
    ...(options.redis !== undefined && { redis: options.redis }),
  });
  const refusals = createCounter(options.metrics, {
    name: 'public_api_rate_limited_total',
    help: 'Requests refused 429 RATE_LIMITED, by the limit that refused them',
    labelNames: ['limit'],
  });
  const limiterOf = (name: string, setting: keyof RateLimitSettings, subject: keyof typeof subjects) => {
    const { max, windowMs } = parseLimit(options.settings[setting]);
    const keyOf = subjects[subject];
    return {
      name,
      check: app.createRateLimit({ max, timeWindow: windowMs, keyGenerator: (r) => `${name}:${keyOf(r)}` }),
    };
  };
  const perAddress = limiterOf('address', 'RATE_LIMIT_PER_ADDRESS', 'address');
  const perCredential = limiterOf('credential', 'RATE_LIMIT_PER_CREDENTIAL', 'credential');
  const byRoute = new Map<string, { address: Limiter[]; caller: Limiter[] }>();
  for (const row of routeLimits) {
    const limiter = limiterOf(row.name, row.setting, row.per);
    for (const route of row.routes) {
      const limiters = byRoute.get(route) ?? { address: [], caller: [] };
      limiters[row.per].push(limiter);
      byRoute.set(route, limiters);
    }
  }
  const loginLimiters = [
    limiterOf('login-email', loginFailureLimits.perEmail, 'email'),
    limiterOf('login-address', loginFailureLimits.perAddress, 'address'),
  ];

  const refuse = (name: string, verdict: Verdict, reply: FastifyReply): never => {
    const retryAfterSeconds = Math.max(1, verdict.ttlInSeconds);
    void reply
      .header(header.limit, verdict.max)
      .header(header.remaining, 0)
      .header(header.reset, retryAfterSeconds)
      .header(header.retryAfter, retryAfterSeconds);
    refusals.inc({ limit: name });
    throw new AppError('rate_limited', 'RATE_LIMITED', `too many requests; retry in ${retryAfterSeconds} s`, {
      details: { limit: name, retryAfterSeconds },
    });
  };
  const take = async (limiter: Limiter, request: FastifyRequest, increment = true) => {
    const verdict = await limiter.check(request, { increment }).catch((error: unknown) => {
      throw translateRedisError(error);
    });
    // Never allowed without counting: no limiter has an allow list.
    if (verdict.isAllowed) throw new Error(`rate limit ${limiter.name} has an allow list`);
    return verdict;
  };
  const apply = async (limiters: readonly Limiter[], request: FastifyRequest, reply: FastifyReply) => {
    for (const limiter of limiters) {
      const verdict = await take(limiter, request);
      if (verdict.isExceeded) refuse(limiter.name, verdict, reply);
      showTightest(reply, verdict);
    }
  };
  const routeLimitersOf = (request: FastifyRequest) =>
    byRoute.get(`${request.method} ${request.routeOptions.url ?? ''}`);

  return {
    limitByAddress: (request, reply) =>
      apply([perAddress, ...(routeLimitersOf(request)?.address ?? [])], request, reply),
    limitByCaller: (request, reply) =>
      apply([perCredential, ...(routeLimitersOf(request)?.caller ?? [])], request, reply),
    loginAttemptsOf: (request, reply) => ({
      async ensureAllowed() {
        for (const limiter of loginLimiters) {
          const verdict = await take(limiter, request, false);
          if (verdict.remaining === 0) refuse(limiter.name, verdict, reply);
        }
      },
      async recordFailure() {
        // Both counted, even when the first is over: each bounds guesses on its own.
        const counted = await Promise.all(
          loginLimiters.map(async (limiter) => ({ limiter, verdict: await take(limiter, request) })),
        );
        for (const { limiter, verdict } of counted) {
          if (verdict.isExceeded) refuse(limiter.name, verdict, reply);
        }
      },
    }),
  };
}

/** Shows the limit with the fewest requests left among those the request drew from. */
function showTightest(reply: FastifyReply, verdict: Verdict): void {
  const shown = reply.getHeader(header.remaining);
  if (shown !== undefined && Number(shown) <= verdict.remaining) return;
  void reply
    .header(header.limit, verdict.max)
    .header(header.remaining, verdict.remaining)
    .header(header.reset, verdict.ttlInSeconds);
}
