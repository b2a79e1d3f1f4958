import {
  amqpSettings,
  ConfigError,
  findInfluxAuthProblems,
  httpSettings,
  influxSettings,
  loadConfig,
  logSettings,
  markSecret,
  postgresSettings,
  redisSettings,
  type ConfigProblem,
  type Environment,
} from '@homeport/config';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { readServiceAccountKey, type GoogleServiceAccountKey } from './adapters/google-service-account';
import { readProbedServices } from './adapters/http-platform-health';
import { readTokenKeys, type TokenKey } from './adapters/token-cipher';
import { explainSigningKeyProblems } from './domain/signing-keys';
import { rateLimitSettings } from './entry-points/http/rate-limit-table';

const seconds = (fallback: number, minimum: number, maximum: number) =>
  Type.Integer({ default: fallback, minimum, maximum });
const day = 86_400;

/** public-api's settings, keyed by environment variable. */
export const publicApiConfigSchema = Type.Object({
  ...httpSettings,
  ...logSettings,
  ...amqpSettings,
  ...postgresSettings,
  ...redisSettings,
  /** Where device history is read: the InfluxDB state-workers writes to (its INFLUX_* values). */
  ...influxSettings,
  /** Prepended to every Redis key of the service (rate-limit counters); replicas sharing limits share it. */
  REDIS_KEY_PREFIX: Type.String({ default: 'public-api:' }),
  ...rateLimitSettings,
  RUN_MIGRATIONS: Type.Boolean({ default: true }),
  /**
   * The key access tokens are signed with: an Ed25519 private JWK with its `kid`, as JSON
   * (`{"kty":"OKP","crv":"Ed25519","kid":"2026-12","x":"...","d":"..."}`). Rotation: README.
   */
  JWT_SIGNING_KEY: markSecret(Type.String({ minLength: 2 })),
  /** Public JWKs still accepted besides the signing key's (the previous key while its tokens expire): JSON array. */
  JWT_ACCEPTED_KEYS: Type.String({ default: '[]' }),
  /** `iss` of the tokens this service signs, and the only issuer it accepts. */
  JWT_ISSUER: Type.String({ default: 'https://api.homeport.example', format: 'uri' }),
  /** `aud` of the access tokens, and the only audience accepted. */
  JWT_AUDIENCE: Type.String({ default: 'homeport-public-api', minLength: 1 }),
  ACCESS_TOKEN_TTL_SECONDS: seconds(900, 60, 3600),
  /** How long a session lives without signing in again (each refresh keeps its end). */
  REFRESH_TOKEN_TTL_SECONDS: seconds(30 * day, 3600, 365 * day),
  EMAIL_VERIFICATION_TTL_SECONDS: seconds(day, 300, 7 * day),
  PASSWORD_RESET_TTL_SECONDS: seconds(3600, 300, day),
  INVITATION_TTL_SECONDS: seconds(7 * day, 3600, 30 * day),
  /** broker-api's internal HTTP API: the device registry, shadows and commands public-api reaches for people. */
  BROKER_API_URL: Type.String({ format: 'uri' }),
  /** broker-api's `BROKER_API_TOKEN`. */
  BROKER_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** One call to broker-api's time limit; past it the request is answered 503 BROKER_API_UNAVAILABLE. */
  BROKER_API_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 60_000 }),
  /** The notifications service's internal HTTP API: a user's notification preferences, addresses and delivery log. */
  NOTIFICATIONS_API_URL: Type.String({ format: 'uri' }),
  /** notifications' `NOTIFICATIONS_API_TOKEN`. */
  NOTIFICATIONS_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** One call to notifications' time limit; past it the request is answered 503 NOTIFICATIONS_UNAVAILABLE. */
  NOTIFICATIONS_API_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 60_000 }),
  /** The alerts service's internal HTTP API: alert rules, alerts and their history, acknowledgements, mutes. */
  ALERTS_API_URL: Type.String({ format: 'uri' }),
  /** alerts' `ALERTS_API_TOKEN`. */
  ALERTS_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** One call to alerts' time limit; past it the request is answered 503 ALERTS_UNAVAILABLE. */
  ALERTS_API_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 60_000 }),
  /** geofencing's internal HTTP API: homes' automations and their run log. */
  GEOFENCING_API_URL: Type.String({ format: 'uri' }),
  /** geofencing's `GEOFENCING_API_TOKEN`. */
  GEOFENCING_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** One call to geofencing's time limit; past it the request is answered 503 GEOFENCING_UNAVAILABLE. */
  GEOFENCING_API_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 60_000 }),
  /** The analytics service's internal HTTP API: vendors' fleet metrics and reports. */
  ANALYTICS_API_URL: Type.String({ format: 'uri' }),
  /** analytics' `ANALYTICS_API_TOKEN`. */
  ANALYTICS_API_TOKEN: markSecret(Type.String({ minLength: 32 })),
  /** One call to analytics' time limit (a report of a big fleet is computed on demand); past it 503 ANALYTICS_UNAVAILABLE. */
  ANALYTICS_API_TIMEOUT_MS: Type.Integer({ default: 15_000, minimum: 100, maximum: 60_000 }),
  /**
   * A directive (Alexa) or EXECUTE (Google) waits this long for the device to report the change; past it the
   * answer carries the accepted value as pending. Alexa wants an answer within 8 s, Google within a few.
   */
  ASSISTANT_CONFIRM_WAIT_MS: Type.Integer({ default: 2000, minimum: 0, maximum: 7000 }),
  /** One call to an assistant's cloud (event gateway, HomeGraph, their token endpoints). */
  ASSISTANT_GATEWAY_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 60_000 }),
  /** A certificate authority (PEM) trusted for the assistants' clouds besides Node's: an egress proxy's. */
  ASSISTANT_GATEWAY_CA: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * The Alexa skill's Login with Amazon client (developer console: Build > Permissions > Alexa Skill
   * Messaging), to exchange AcceptGrant's code for the tokens ChangeReports are sent with. Both or neither:
   * without them AcceptGrant answers ACCEPT_GRANT_FAILED and no ChangeReports are sent.
   */
  ALEXA_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  ALEXA_CLIENT_SECRET: Type.Optional(markSecret(Type.String({ minLength: 1 }))),
  /**
   * The AES-256 keys the Login with Amazon tokens are sealed with in alexa_links, needed with the client:
   * JSON `[{ "kid": "2026-12", "key": "<base64 of 32 random bytes>" }]`, the first sealing (rotation: README).
   */
  ALEXA_TOKEN_KEYS: Type.Optional(markSecret(Type.String({ minLength: 2 }))),
  /** Login with Amazon's token endpoint. */
  ALEXA_LWA_TOKEN_URL: Type.String({ default: 'https://api.amazon.com/auth/o2/token', format: 'uri' }),
  /**
   * Alexa's event gateway of the skill's region: North America (the default), Europe and India
   * https://api.eu.amazonalexa.com/v3/events, Far East and Australia https://api.fe.amazonalexa.com/v3/events.
   */
  ALEXA_EVENT_GATEWAY_URL: Type.String({ default: 'https://api.amazonalexa.com/v3/events', format: 'uri' }),
  /**
   * How long a deleted account's farewell to Alexa or Google (a DeleteReport, HomeGraph's agentUsers.delete)
   * that could not be told waits before it is tried again; also how often the waiting farewells are looked for.
   */
  ASSISTANT_FAREWELL_RETRY_MS: Type.Integer({ default: 60_000, minimum: 100, maximum: 3_600_000 }),
  /** Google's HomeGraph API, where Report State, Request Sync and agentUsers.delete go (a stand-in's URL in tests). */
  GOOGLE_HOMEGRAPH_URL: Type.String({ default: 'https://homegraph.googleapis.com', format: 'uri' }),
  /**
   * The JSON key of the Google Cloud service account HomeGraph calls are made as (client_email, private_key,
   * token_uri). Unset: nothing is reported to Google (SYNC, QUERY and EXECUTE still work).
   */
  GOOGLE_SERVICE_ACCOUNT_KEY: Type.Optional(markSecret(Type.String({ minLength: 2 }))),
  /** OAuth access tokens (opaque, checked on every request, so revocation is immediate whatever this is). */
  OAUTH_ACCESS_TOKEN_TTL_SECONDS: seconds(3600, 60, day),
  /** Authorization codes: single use, exchanged right after the redirect (RFC 6749 §4.1.2: 10 minutes at most). */
  OAUTH_CODE_TTL_SECONDS: seconds(120, 30, 600),
  /** How long a user's authorization of an app lives (its refresh tokens rotate within it). */
  OAUTH_GRANT_TTL_SECONDS: seconds(365 * day, day, 5 * 365 * day),
  /** Events each home's live log keeps: a stream resumed from further back is told to read the home again. */
  LIVE_EVENTS_KEPT_PER_HOME: Type.Integer({ default: 1000, minimum: 10, maximum: 100_000 }),
  /** Heartbeat of the live streams (a comment line for proxies), and how often each re-reads the caller's homes. */
  LIVE_HEARTBEAT_SECONDS: seconds(15, 1, 60),
  /** A live stream ends after this long (the client reconnects with a current access token). */
  LIVE_MAX_STREAM_SECONDS: seconds(900, 10, day),
  /** Live streams one person may hold open at once on one replica. */
  LIVE_MAX_STREAMS_PER_USER: Type.Integer({ default: 5, minimum: 1, maximum: 100 }),
  /**
   * Live sessions and home scopes each replica remembers (checked at nearly every request; every change
   * invalidates them on every replica through Redis pub/sub), and how long at most: a bound on what a lost
   * invalidation could leave. 0 seconds: nothing is cached, PostgreSQL is read at every request.
   */
  CALLER_CACHE_MAX_ENTRIES: Type.Integer({ default: 20_000, minimum: 1, maximum: 1_000_000 }),
  CALLER_CACHE_MAX_AGE_SECONDS: seconds(60, 0, 3600),
  /**
   * Device views (an owner's read: record, shadow, features) and devices' homes (for the live logs and
   * webhooks) each replica remembers, and how long at most. Changes public-api makes and the reports and
   * presence of homeport.events invalidate them on every replica; the age bounds what a lost invalidation,
   * or a change made in broker-api by another way than public-api, could leave. 0 seconds: not cached.
   */
  DEVICE_CACHE_MAX_ENTRIES: Type.Integer({ default: 20_000, minimum: 1, maximum: 1_000_000 }),
  DEVICE_CACHE_MAX_AGE_SECONDS: seconds(60, 0, 3600),
  /** Webhook endpoints one owner (a user, or a vendor) may hold; one more is 409 WEBHOOKS_LIMIT. */
  WEBHOOK_MAX_ENDPOINTS_PER_OWNER: Type.Integer({ default: 20, minimum: 1, maximum: 1000 }),
  /** Accept http:// endpoint URLs (tests, the embedded mode); https:// only otherwise. */
  WEBHOOK_ALLOW_HTTP: Type.Boolean({ default: false }),
  /** Accept endpoint URLs naming a private, loopback or link-local IP address (notifications re-checks at send time). */
  WEBHOOK_ALLOW_PRIVATE_HOSTS: Type.Boolean({ default: false }),
  /**
   * The web console's built files (web/console's `vite build` output), served at `/`; the image sets it to
   * /app/console. Unset: no console, the API alone.
   */
  CONSOLE_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * The map tiles of the console's zone editor: a URL template with {z}, {x} and {y}, e.g.
   * https://tile.openstreetmap.org/{z}/{x}/{y}.png (its origin joins the page's img-src). Unset: no tiles,
   * the editor draws a grid with coordinates (tests, machines without internet).
   */
  CONSOLE_MAP_TILES_URL: Type.Optional(
    Type.String({ pattern: '^https?://[^/{}]+/.*\\{z\\}.*\\{x\\}.*\\{y\\}' }),
  ),
  /**
   * The embedded platform's demo vendor (`npm start` sets both, with a code made at each start and printed in
   * its banner): a signed-in person who sends the code to POST /v1/vendors/{vendorId}/join becomes its admin.
   * Both or neither; unset in deployments, where that route is 404.
   */
  DEMO_VENDOR_ID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
  DEMO_VENDOR_JOIN_CODE: Type.Optional(markSecret(Type.String({ minLength: 32, maxLength: 256 }))),
  /**
   * The services the operators' health page probes (their `/ready` and `/metrics`), at their internal
   * addresses: `name=url,name=url` (e.g. `broker-api=http://broker-api:8080`); public-api itself is always
   * checked. Empty: public-api alone.
   */
  OPERATIONS_SERVICES: Type.String({ default: '' }),
  /** Each probe's bound: a service that has not answered by then is shown down ("timed out"). */
  OPERATIONS_PROBE_TIMEOUT_MS: Type.Integer({ default: 2000, minimum: 100, maximum: 30_000 }),
  /**
   * The embedded platform's operators' join code (`npm start` makes one at each start and prints it in its
   * banner): a signed-in person who sends it to POST /v1/operations/join becomes an operator. Unset in
   * deployments, where that route is 404 and operators are made by `node dist/admin.js operator`.
   */
  OPERATOR_JOIN_CODE: Type.Optional(markSecret(Type.String({ minLength: 32, maxLength: 256 }))),
});

/** What the settings' checks parsed, handed on so that nothing parses them again. */
export interface ParsedSettings {
  /** ALEXA_TOKEN_KEYS' keys (none when unset). */
  readonly alexaTokenKeys: readonly TokenKey[];
  /** GOOGLE_SERVICE_ACCOUNT_KEY's key (absent when unset: no HomeGraph). */
  readonly googleServiceAccount?: GoogleServiceAccountKey;
}

/** public-api's validated settings. */
export type PublicApiConfig = Static<typeof publicApiConfigSchema> & ParsedSettings;

/** The keys of the servers main.ts connects to; the embedded host hands in connections of its own. */
const connectionKeys = [
  'DATABASE_URL',
  'AMQP_URL',
  'AMQP_NAME_PREFIX',
  'REDIS_URL',
  'REDIS_KEY_PREFIX',
  'RUN_MIGRATIONS',
  'INFLUX_URL',
  'INFLUX_DATABASE',
  'INFLUX_TOKEN',
  'INFLUX_USERNAME',
  'INFLUX_PASSWORD',
] as const;
const publicApiSettingsSchema = Type.Omit(publicApiConfigSchema, connectionKeys);

/** What startPublicApi needs: the settings of the service itself, whichever servers it runs on. */
export type PublicApiSettings = Static<typeof publicApiSettingsSchema> & ParsedSettings;

/** Reads and validates the settings; throws one ConfigError listing every bad key. */
export function loadPublicApiConfig(env: Environment): PublicApiConfig {
  const config = loadConfig(publicApiConfigSchema, env);
  return checkSettings(config, findInfluxAuthProblems(config));
}

/** Reads and validates the service's own settings, without the server connections (embedded mode). */
export function loadPublicApiSettings(env: Environment): PublicApiSettings {
  return checkSettings(loadConfig(publicApiSettingsSchema, env));
}

/** A CONSOLE_DIR must hold a built console: found at start rather than as 404s in people's browsers. */
function findConsoleDirProblems(consoleDir: string | undefined): ConfigProblem[] {
  if (consoleDir === undefined || existsSync(path.join(consoleDir, 'index.html'))) return [];
  const reason = `${path.resolve(consoleDir)} has no index.html: build the console (npx nx run @homeport/console:build)`;
  return [{ key: 'CONSOLE_DIR', reason }];
}

/** Two settings that go together: a problem naming the one missing when only the other is set. */
function findPairProblems<K extends string>(
  settings: Readonly<Partial<Record<K, string>>>,
  [first, second]: readonly [K, K],
  reason: string,
): ConfigProblem[] {
  if ((settings[first] === undefined) === (settings[second] === undefined)) return [];
  return [{ key: settings[first] === undefined ? first : second, reason }];
}

/** The keys the Alexa links' tokens are sealed with: readable, and one at least when the skill is set. */
function readAlexaTokenKeys(
  settings: Pick<Static<typeof publicApiConfigSchema>, 'ALEXA_CLIENT_ID' | 'ALEXA_TOKEN_KEYS'>,
): { keys: TokenKey[] } | ConfigProblem {
  const read = readTokenKeys(settings.ALEXA_TOKEN_KEYS ?? '[]');
  if ('problem' in read) return { key: 'ALEXA_TOKEN_KEYS', reason: read.problem };
  if (settings.ALEXA_CLIENT_ID !== undefined && read.keys.length === 0)
    return { key: 'ALEXA_TOKEN_KEYS', reason: 'the Alexa skill needs a key to seal its tokens at rest' };
  return read;
}

/**
 * The checks typebox cannot express: the keys are JSON JWKs of the right kind, CONSOLE_DIR holds a built
 * console, the Alexa client (with its token keys, handed on parsed) and the demo vendor are whole, the Google service account key is
 * one (handed on parsed), the probed services are a list of names and http(s) addresses (and `found` problems).
 */
function checkSettings<
  S extends Pick<
    Static<typeof publicApiConfigSchema>,
    | 'JWT_SIGNING_KEY'
    | 'JWT_ACCEPTED_KEYS'
    | 'CONSOLE_DIR'
    | 'ALEXA_CLIENT_ID'
    | 'ALEXA_CLIENT_SECRET'
    | 'ALEXA_TOKEN_KEYS'
    | 'DEMO_VENDOR_ID'
    | 'DEMO_VENDOR_JOIN_CODE'
    | 'GOOGLE_SERVICE_ACCOUNT_KEY'
    | 'OPERATIONS_SERVICES'
  >,
>(settings: S, found: readonly ConfigProblem[] = []): S & ParsedSettings {
  const alexaTokenKeys = readAlexaTokenKeys(settings);
  const problems: ConfigProblem[] = [
    ...found,
    ...findConsoleDirProblems(settings.CONSOLE_DIR),
    ...findPairProblems(
      settings,
      ['ALEXA_CLIENT_ID', 'ALEXA_CLIENT_SECRET'],
      'the Alexa skill needs both its client id and secret, or neither',
    ),
    ...('reason' in alexaTokenKeys ? [alexaTokenKeys] : []),
    ...findPairProblems(
      settings,
      ['DEMO_VENDOR_ID', 'DEMO_VENDOR_JOIN_CODE'],
      'the demo vendor needs both its id and its join code, or neither',
    ),
  ];
  const probed = readProbedServices(settings.OPERATIONS_SERVICES);
  if ('problem' in probed) problems.push({ key: 'OPERATIONS_SERVICES', reason: probed.problem });
  const serviceAccount =
    settings.GOOGLE_SERVICE_ACCOUNT_KEY === undefined
      ? undefined
      : readServiceAccountKey(settings.GOOGLE_SERVICE_ACCOUNT_KEY);
  if (serviceAccount !== undefined && 'problem' in serviceAccount)
    problems.push({ key: 'GOOGLE_SERVICE_ACCOUNT_KEY', reason: serviceAccount.problem });
  const keyProblems = explainSigningKeyProblems(settings.JWT_SIGNING_KEY, settings.JWT_ACCEPTED_KEYS);
  problems.push(...keyProblems.map(({ key, reason }) => ({ key, reason })));
  if (problems.length > 0 || 'reason' in alexaTokenKeys || (serviceAccount && 'problem' in serviceAccount)) {
    throw new ConfigError(problems);
  }
  return {
    ...settings,
    alexaTokenKeys: alexaTokenKeys.keys,
    ...(serviceAccount && { googleServiceAccount: serviceAccount }),
  };
}
