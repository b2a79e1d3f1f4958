import { Type, type Static } from 'typebox';

// Every limit of public-api, in one place: the setting that holds it (with its default and why), and the
// routes it applies to. A limit is `count/window` (`10/15m`: 10 per 15 minutes; windows in s, m or h).
// Limits with the same name share one counter (the routes of a group draw from one budget).

const limit = (fallback: string, description: string) =>
  Type.String({ default: fallback, pattern: '^[1-9][0-9]{0,6}/[1-9][0-9]{0,4}[smh]$', description });

/** The rate-limit settings, keyed by environment variable (spread into the config schema). */
export const rateLimitSettings = {
  /**
   * The proxies whose `X-Forwarded-For` gives the client address (fastify's trustProxy): comma-separated
   * addresses, CIDRs, or `loopback`, `linklocal`, `uniquelocal` (the private ranges, where an Ingress
   * controller runs). Empty: none, the socket's address counts whatever the header says.
   */
  TRUST_PROXY: Type.String({ default: '', pattern: '^([0-9a-zA-Z.:/]+(,[0-9a-zA-Z.:/]+)*)?$' }),
  RATE_LIMIT_PER_ADDRESS: limit('600/1m', 'every /v1 request, per client address'),
  RATE_LIMIT_PER_CREDENTIAL: limit('300/1m', 'every authenticated request, per session, token or key'),
  RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: limit('10/15m', 'failed logins per email address'),
  RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS: limit('30/15m', 'failed logins per client address'),
  RATE_LIMIT_REFRESH_PER_ADDRESS: limit('120/15m', 'POST /v1/sessions/refresh per client address'),
  RATE_LIMIT_SIGN_UP_PER_ADDRESS: limit('10/1h', 'sign-ups per client address'),
  RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS: limit('10/1h', 'password reset requests and confirmations'),
  RATE_LIMIT_CLAIM_PER_USER: limit('10/1h', 'device claims per user'),
  RATE_LIMIT_CLAIM_PER_ADDRESS: limit('10/1h', 'device claims per client address'),
  RATE_LIMIT_PHONE_CODES_PER_USER: limit(
    '5/1h',
    'phone numbers set (each sends an SMS code) and codes tried, per user',
  ),
};

/** The rate-limit settings as read. */
export type RateLimitSettings = {
  readonly [Key in keyof typeof rateLimitSettings]: Static<(typeof rateLimitSettings)[Key]>;
};

/** Whose requests a limit counts together: a client address, or the caller (a user, or a vendor). */
export type LimitSubject = 'address' | 'caller';

/** A limit on some routes, beyond the per-address and per-credential limits of every route. */
export interface RouteLimit {
  /** Names the counter (in the store and the metric's `limit` label). */
  readonly name: string;
  /** `METHOD url` as the route is declared, with its `/v1` prefix. */
  readonly routes: readonly string[];
  readonly per: LimitSubject;
  readonly setting: keyof RateLimitSettings;
}

/** The routes with limits of their own, against guessing and abuse (the README says why each). */
export const routeLimits: readonly RouteLimit[] = [
  {
    name: 'sign-up',
    routes: ['POST /v1/account/sign-up'],
    per: 'address',
    setting: 'RATE_LIMIT_SIGN_UP_PER_ADDRESS',
  },
  {
    name: 'password-reset',
    routes: ['POST /v1/account/password-reset', 'POST /v1/account/password-reset/confirm'],
    per: 'address',
    setting: 'RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS',
  },
  {
    name: 'refresh',
    routes: ['POST /v1/sessions/refresh'],
    per: 'address',
    setting: 'RATE_LIMIT_REFRESH_PER_ADDRESS',
  },
  {
    name: 'claim-address',
    routes: ['POST /v1/homes/:homeId/devices/claim'],
    per: 'address',
    setting: 'RATE_LIMIT_CLAIM_PER_ADDRESS',
  },
  {
    name: 'claim-caller',
    routes: ['POST /v1/homes/:homeId/devices/claim'],
    per: 'caller',
    setting: 'RATE_LIMIT_CLAIM_PER_USER',
  },
  {
    name: 'phone-codes',
    routes: ['PUT /v1/account/notifications/phone', 'POST /v1/account/notifications/phone/confirm'],
    per: 'caller',
    setting: 'RATE_LIMIT_PHONE_CODES_PER_USER',
  },
];

/** Failed logins, counted per email and per address (POST /v1/sessions; a success resets nothing). */
export const loginFailureLimits = {
  perEmail: 'RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL',
  perAddress: 'RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS',
} as const satisfies Record<string, keyof RateLimitSettings>;

const unitMs = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `10/15m` as a count and a window in milliseconds. */
export function parseLimit(value: string): { readonly max: number; readonly windowMs: number } {
  const match = /^(\d+)\/(\d+)([smh])$/.exec(value);
  if (match === null) throw new Error(`not a rate limit: ${value}`);
  const [, max, window, unit] = match as unknown as [string, string, string, keyof typeof unitMs];
  return { max: Number(max), windowMs: Number(window) * unitMs[unit] };
}

/** TRUST_PROXY as fastify's trustProxy: the proxies' addresses, or undefined when none is trusted. */
export function parseTrustProxy(value: string): readonly string[] | undefined {
  return value === '' ? undefined : value.split(',');
}
