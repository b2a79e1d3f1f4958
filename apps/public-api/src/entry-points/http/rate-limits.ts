import fastifyRateLimit from '@fastify/rate-limit';
import { AppError } from '@homeport/errors';
import type { HttpApp } from '@homeport/http';
import { createCounter, type Registry } from '@homeport/observability';
import { translateRedisError, type RedisClient } from '@homeport/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginAttempts } from '../../domain/session-service';
import { subjectKeys, type CounterSubject } from './rate-limit-keys';
import { loginFailureLimits, parseLimit, routeLimits, type RateLimitSettings } from './rate-limit-table';

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
  const limiters = createLimiters(app, options.settings);
  const refuse = createRefusal(options.metrics);
  const apply = async (list: readonly Limiter[], request: FastifyRequest, reply: FastifyReply) => {
    for (const limiter of list) {
      const verdict = await take(limiter, request);
      if (verdict.isExceeded) refuse(limiter.name, verdict, reply);
      showTightest(reply, verdict);
    }
  };
  return {
    limitByAddress: (request, reply) =>
      apply([limiters.perAddress, ...limiters.ofRoute(request).address], request, reply),
    limitByCaller: (request, reply) =>
      apply([limiters.perCredential, ...limiters.ofRoute(request).caller], request, reply),
    loginAttemptsOf: (request, reply) => ({
      async ensureAllowed() {
        for (const limiter of limiters.loginFailures) {
          const verdict = await take(limiter, request, false);
          if (verdict.remaining === 0) refuse(limiter.name, verdict, reply);
        }
      },
      async recordFailure() {
        // Both counted, even when the first is over: each bounds guesses on its own.
        const counted = await Promise.all(
          limiters.loginFailures.map(async (limiter) => ({ limiter, verdict: await take(limiter, request) })),
        );
        for (const { limiter, verdict } of counted) {
          if (verdict.isExceeded) refuse(limiter.name, verdict, reply);
        }
      },
    }),
  };
}

/** One limiter of the plugin for each limit of the table, by where it applies. */
function createLimiters(app: HttpApp, settings: RateLimitSettings) {
  const limiterOf = (name: string, setting: keyof RateLimitSettings, subject: CounterSubject): Limiter => {
    const { max, windowMs } = parseLimit(settings[setting]);
    const keyOf = subjectKeys[subject];
    // Limiters of createRateLimit share one key space (the plugin names it after no route): the limit's
    // name starts each key.
    const check = app.createRateLimit({
      max,
      timeWindow: windowMs,
      keyGenerator: (r) => `${name}:${keyOf(r)}`,
    });
    return { name, check };
  };
  const byRoute = new Map<string, { address: Limiter[]; caller: Limiter[] }>();
  for (const row of routeLimits) {
    const limiter = limiterOf(row.name, row.setting, row.per);
    for (const route of row.routes) {
      const limiters = byRoute.get(route) ?? { address: [], caller: [] };
      limiters[row.per].push(limiter);
      byRoute.set(route, limiters);
    }
  }
  const none = { address: [], caller: [] };
  return {
    perAddress: limiterOf('address', 'RATE_LIMIT_PER_ADDRESS', 'address'),
    perCredential: limiterOf('credential', 'RATE_LIMIT_PER_CREDENTIAL', 'credential'),
    ofRoute: (request: FastifyRequest) =>
      byRoute.get(`${request.method} ${request.routeOptions.url ?? ''}`) ?? none,
    loginFailures: [
      limiterOf('login-email', loginFailureLimits.perEmail, 'email'),
      limiterOf('login-address', loginFailureLimits.perAddress, 'address'),
    ],
  };
}

/** Counts one request against a limit (or reads the count); an unreachable store is 503 REDIS_UNAVAILABLE. */
async function take(limiter: Limiter, request: FastifyRequest, increment = true): Promise<Verdict> {
  const verdict = await limiter.check(request, { increment }).catch((error: unknown) => {
    throw translateRedisError(error);
  });
  // Never allowed without counting: no limiter has an allow list.
  if (verdict.isAllowed) throw new Error(`rate limit ${limiter.name} has an allow list`);
  return verdict;
}

/** Answers 429 RATE_LIMITED with Retry-After and the exhausted limit's headers, and counts the refusal. */
function createRefusal(metrics: Registry) {
  const refusals = createCounter(metrics, {
    name: 'public_api_rate_limited_total',
    help: 'Requests refused 429 RATE_LIMITED, by the limit that refused them',
    labelNames: ['limit'],
  });
  return (name: string, verdict: Verdict, reply: FastifyReply): never => {
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
