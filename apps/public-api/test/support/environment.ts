import { readInfluxConnection } from '@homeport/config';
import {
  accountEmailsQueue,
  notificationRecipientsQueue,
  type homeMemberInvitedV1,
  type MessagePayload,
  type TokenPairResponse,
  type userEmailVerificationRequestedV1,
  type userContactChangedV1,
  type userPasswordResetRequestedV1,
  type vendorMemberInvitedV1,
} from '@homeport/contracts';
import { createAmqpMessageBus, defaultConsumeOptions, type MessageBus } from '@homeport/messaging';
import { createLogger, createMetricsRegistry, type LogLevel } from '@homeport/observability';
import { createPostgresPool, createRedisClient, runMigrations, type RedisClient } from '@homeport/storage';
import {
  absentAlertsApiUrl,
  absentAnalyticsApiUrl,
  absentGeofencingApiUrl,
  absentNotificationsApiUrl,
  alertsApiToken,
  analyticsApiToken,
  geofencingApiToken,
  brokerApiToken,
  createPipeline,
  createTestDatabase,
  createTestInfluxDatabase,
  createTestRedisPrefix,
  createUniqueName,
  deleteAmqpTopology,
  fanOutSourceForBrokerApi,
  notificationsApiToken,
  readTestServerUrls,
  requestJson,
  sumMetric,
  waitFor,
  type JsonAnswer,
  unreachedPublicApiLimits,
  waitForValue,
  type BrokerApiProcess,
  type Pipeline,
} from '@homeport/testing';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInfluxDeviceHistory } from '../../src/adapters/influx-device-history';
import { schemaName, type Pool } from '../../src/adapters/postgres';
import { loadPublicApiConfig, type PublicApiConfig } from '../../src/config';
import type { Clock } from '../../src/domain/clock';
import { createPasswordHashing, passwordHashParameters } from '../../src/domain/password-hashing';
import { publicApiPublishedQueues, startPublicApi, type RunningPublicApi } from '../../src/public-api';

const urls = readTestServerUrls();
/**
 * scrypt at N = 2^10, p = 1 for the accounts the suites make (hundreds, two hashes each): the production
 * parameters cost about 0.3 s of CPU a hash, minutes of CI time; password-hashing.test.ts covers them.
 */
const testPasswords = createPasswordHashing({ ...passwordHashParameters, cost: 2 ** 10, parallelization: 1 });
const logLevel = (process.env.TEST_LOG_LEVEL ?? 'silent') as LogLevel;

/** A new Ed25519 private JWK (as public-api's JWT_SIGNING_KEY holds it). */
export function createSigningJwk(kid: string): {
  kty: 'OKP';
  crv: 'Ed25519';
  kid: string;
  x: string;
  d: string;
} {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as { x: string; d: string };
  return { kty: 'OKP', crv: 'Ed25519', kid, x: jwk.x, d: jwk.d };
}

/** The clock of an instance: the machine's, moved forward by the test. */
export interface MovableClock extends Clock {
  advanceSeconds(seconds: number): void;
}

function createMovableClock(): MovableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advanceSeconds: (seconds) => {
      offsetMs += seconds * 1000;
    },
  };
}

/**
 * The emails public-api asked to send, as the notifications service will receive them: the `nth` (1 = the
 * first) request of a kind to an address, once it has arrived.
 */
export interface SentEmails {
  verification(email: string, nth?: number): Promise<MessagePayload<typeof userEmailVerificationRequestedV1>>;
  passwordReset(email: string, nth?: number): Promise<MessagePayload<typeof userPasswordResetRequestedV1>>;
  invitation(email: string, nth?: number): Promise<MessagePayload<typeof homeMemberInvitedV1>>;
  vendorInvitation(email: string, nth?: number): Promise<MessagePayload<typeof vendorMemberInvitedV1>>;
  /** Every request for `email` so far (what a test expects not to have been sent). */
  all(email: string): readonly { type: string; email: string }[];
  /** The `nth` contact of `email` published for the notifications service's recipients. */
  contact(email: string, nth?: number): Promise<MessagePayload<typeof userContactChangedV1>>;
}

/** One running public-api of a suite, with a typed HTTP helper. */
export interface TestInstance {
  readonly running: RunningPublicApi;
  readonly config: PublicApiConfig;
  readonly clock: MovableClock;
  readonly emails: SentEmails;
  /** Calls the API (with `token` as bearer when given), answering status and parsed body. */
  api<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<JsonAnswer<T>>;
  /** Resolves once every sign-up and reset request answered so far has been processed (its gauge is 0). */
  deferredWorkDone(): Promise<void>;
  /** Signs up a new user (a unique address), verifies the address unless told not to, and logs in. */
  createUser(options?: { verified?: boolean }): Promise<TestUser>;
}

/** A signed-up user of a test, logged in. */
export interface TestUser {
  readonly email: string;
  readonly password: string;
  readonly id: string;
  readonly tokens: TokenPairResponse;
}

/** How a test instance differs from the default. */
export interface InstanceOptions {
  /** Wraps the suite's pool for this instance, e.g. to count its queries. */
  readonly wrapPool?: (pool: Pool) => Pool;
}

/** The suite's database, AMQP prefix and Redis key prefix, with public-api instances started on them. */
export interface TestEnvironment {
  readonly pool: Pool;
  /** The suite's broker-api process (its admin token is libs/testing's `brokerApiToken`), when asked for. */
  readonly brokerApi: BrokerApiProcess | undefined;
  /** The suite's database, for a process of its own (the operator command). */
  readonly databaseUrl: string;
  /** The suite's Redis client (its key prefix): every instance of the suite shares its counters. */
  readonly redis: RedisClient;
  /** The AMQP name prefix of the instances (the pipeline's, with `liveEvents`). */
  readonly amqpPrefix: string;
  startInstance(env?: Record<string, string>, options?: InstanceOptions): Promise<TestInstance>;
  close(): Promise<void>;
}

type EmailRequest = { readonly type: string; readonly email: string } & Record<string, unknown>;

async function watchEmails(bus: MessageBus): Promise<SentEmails> {
  const requests: EmailRequest[] = [];
  const record = (type: string) => (payload: { email: string }) => {
    requests.push({ type, ...payload });
    return Promise.resolve();
  };
  const find = <T>(type: string, email: string, nth: number) =>
    waitForValue(
      () =>
        Promise.resolve(
          requests.filter((request) => request.type === type && request.email === email)[nth - 1] as
            T | undefined,
        ),
      `email ${nth} (${type}) to ${email}`,
    );
  const contacts: EmailRequest[] = [];
  await bus.consume(notificationRecipientsQueue, {
    'user.contact-changed.v1': (contact) => {
      contacts.push({ type: 'contact', ...contact });
      return Promise.resolve();
    },
    'user.deleted.v1': () => Promise.resolve(),
  });
  return bus
    .consume(accountEmailsQueue, {
      'user.email-verification-requested.v1': record('verification'),
      'user.password-reset-requested.v1': record('password-reset'),
      'home.member-invited.v1': record('invitation'),
      'vendor.member-invited.v1': record('vendor-invitation'),
    })
    .then(() => ({
      verification: (email, nth = 1) => find('verification', email, nth),
      passwordReset: (email, nth = 1) => find('password-reset', email, nth),
      invitation: (email, nth = 1) => find('invitation', email, nth),
      vendorInvitation: (email, nth = 1) => find('vendor-invitation', email, nth),
      all: (email) => requests.filter((request) => request.email === email),
      contact: (email, nth = 1) =>
        waitForValue(
          () =>
            Promise.resolve(
              contacts.filter((contact) => contact.email === email)[nth - 1] as
                MessagePayload<typeof userContactChangedV1> | undefined,
            ),
          `contact ${nth} of ${email}`,
        ),
    }));
}

/** Where no broker-api listens: suites without one get 503 BROKER_API_UNAVAILABLE from device routes. */
const absentBrokerApiUrl = 'http://127.0.0.1:9';

/**
 * Creates the suite's environment: call in beforeAll, `close()` in afterAll. With `brokerApi`, a broker-api
 * process of its own (database, Redis prefix) serves the instances' device routes; with `reportedState` too,
 * fan-out and state-workers processes carry what devices report into broker-api's shadows. The instances
 * share the pipeline's AMQP names.
 */
export async function createTestEnvironment(
  purpose: string,
  options: EnvironmentOptions = {},
): Promise<TestEnvironment> {
  return createSharableEnvironment(purpose, options);
}

/** Which service processes an environment starts (see createTestEnvironment). */
export interface EnvironmentOptions {
  readonly brokerApi?: boolean;
  readonly reportedState?: boolean;
}

/** A test file's environment, shared by its describe blocks. */
export interface SharedTestEnvironment {
  /**
   * The environment for one describe block, in its beforeAll: its `close()` closes the instances the block
   * started (their consumers leave the shared queues), the environment stays for the blocks after it.
   */
  begin(): TestEnvironment;
}

/**
 * One environment for a whole test file, whose describe blocks (each a former file of its own) take it with
 * `begin()`: created before the first block, closed after the last. A test file pays about 5 CPU-s to load
 * public-api's modules, the environment its migrations and service processes (broker-api about 5 CPU-s,
 * state-workers and fan-out 5.6 more); files that need the same environment pay them once.
 */
export function shareTestEnvironment(
  purpose: string,
  options: EnvironmentOptions = {},
): SharedTestEnvironment {
  let environment: SharableEnvironment | undefined;
  beforeAll(async () => {
    environment = await createSharableEnvironment(purpose, options);
  });
  afterAll(async () => {
    await environment?.close();
  });
  return {
    begin() {
      if (environment === undefined) throw new Error(`the environment of ${purpose} did not start`);
      return environment.view();
    },
  };
}

interface SharableEnvironment extends TestEnvironment {
  /** This environment, but `close()` closes only the instances started through this view. */
  view(): TestEnvironment;
}

async function createSharableEnvironment(
  purpose: string,
  options: EnvironmentOptions,
): Promise<SharableEnvironment> {
  const brokerPipeline: Pipeline | undefined = options.brokerApi
    ? await createPipeline(`${purpose}_broker`, { busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs })
    : undefined;
  const brokerApi = await brokerPipeline?.startBrokerApi();
  if (options.reportedState && brokerPipeline !== undefined && brokerApi !== undefined) {
    await brokerPipeline.startStateWorkers();
    await brokerPipeline.startFanOut(fanOutSourceForBrokerApi(brokerApi.mqttUrl));
  }
  const database = await createTestDatabase(purpose);
  // Device history: the pipeline's InfluxDB database, which its state-workers write; else one of its own.
  const influx = brokerPipeline?.resources.influx ?? (await createTestInfluxDatabase(purpose));
  await runMigrations({
    databaseUrl: database.url,
    migrationsDir: join(__dirname, '../../migrations'),
    schema: schemaName,
  });
  // With a pipeline, its AMQP names, as deployed: its events reach the live streams and the device caches.
  const amqpPrefix = brokerPipeline?.resources.amqpPrefix ?? `${createUniqueName(purpose)}.`;
  const pool = createPostgresPool({ url: database.url, max: 10 });
  const redisPrefix = createTestRedisPrefix(purpose);
  const redis = createRedisClient({ url: urls.redisUrl, keyPrefix: redisPrefix.keyPrefix });
  // Each instance with its own bus, closed with it.
  const instances = new Map<RunningPublicApi, MessageBus>();
  const closeInstances = async (closing: Iterable<RunningPublicApi>) => {
    for (const running of [...closing]) {
      const bus = instances.get(running);
      instances.delete(running);
      await running.close();
      await bus?.close();
    }
  };
  const createBus = (name: string) =>
    createAmqpMessageBus({
      url: urls.amqpUrl,
      connectionName: `${amqpPrefix}${name}`,
      queues: publicApiPublishedQueues,
      namePrefix: amqpPrefix,
    });
  // One reader of the queue for the suite: the notifications service's place.
  const notificationsBus = await createBus('notifications');
  const emails = await watchEmails(notificationsBus);

  const startInstance: TestEnvironment['startInstance'] = async (env = {}, options = {}) => {
    const config = loadPublicApiConfig({
      DATABASE_URL: database.url,
      AMQP_URL: urls.amqpUrl,
      AMQP_NAME_PREFIX: amqpPrefix,
      REDIS_URL: urls.redisUrl,
      REDIS_KEY_PREFIX: redisPrefix.keyPrefix,
      // Limits no suite reaches; rate-limits.test.ts sets its own and tells its tests apart by address.
      ...unreachedPublicApiLimits,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: logLevel,
      JWT_SIGNING_KEY: JSON.stringify(createSigningJwk('test-key-1')),
      JWT_ISSUER: 'https://api.test.homeport.example',
      BROKER_API_URL: brokerApi?.url ?? absentBrokerApiUrl,
      BROKER_API_TOKEN: brokerApiToken,
      NOTIFICATIONS_API_URL: absentNotificationsApiUrl,
      NOTIFICATIONS_API_TOKEN: notificationsApiToken,
      ALERTS_API_URL: absentAlertsApiUrl,
      ALERTS_API_TOKEN: alertsApiToken,
      GEOFENCING_API_URL: absentGeofencingApiUrl,
      GEOFENCING_API_TOKEN: geofencingApiToken,
      ANALYTICS_API_URL: absentAnalyticsApiUrl,
      ANALYTICS_API_TOKEN: analyticsApiToken,
      INFLUX_URL: influx.url,
      INFLUX_DATABASE: influx.database,
      ...env,
    });
    const clock = createMovableClock();
    const bus = await createBus('instance');
    const running = await startPublicApi(config, {
      logger: createLogger({ service: 'public-api', level: config.LOG_LEVEL }),
      metrics: createMetricsRegistry({ service: 'public-api', collectDefaults: false }),
      pool: options.wrapPool?.(pool) ?? pool,
      bus,
      redis,
      clock,
      passwords: testPasswords,
      deviceHistory: createInfluxDeviceHistory(readInfluxConnection(config)),
    }).catch(async (error: unknown) => {
      await bus.close();
      throw error;
    });
    instances.set(running, bus);
    const api: TestInstance['api'] = (method, path, body, token) =>
      requestJson(running.http.url, method, path, { body, token });
    const createUser: TestInstance['createUser'] = async ({ verified = true } = {}) => {
      const email = `${randomUUID()}@example.com`;
      const password = `pass-${randomUUID()}`;
      expect((await api('POST', '/v1/account/sign-up', { email, password })).status).toBe(202);
      const verification = await emails.verification(email);
      if (verified) {
        const confirmed = await api('POST', '/v1/account/email-verification/confirm', {
          token: verification.token,
        });
        expect(confirmed.status).toBe(204);
      }
      const login = await api<TokenPairResponse>('POST', '/v1/sessions', { email, password });
      expect(login.status).toBe(201);
      return { email, password, id: verification.userId, tokens: login.body };
    };
    const deferredWorkDone = () =>
      waitFor(async () => {
        const metrics = await (await fetch(`${running.http.url}/metrics`)).text();
        return sumMetric(metrics, 'public_api_deferred_work_pending') === 0;
      }, 'the answered sign-ups and reset requests to be processed');
    return { running, config, clock, emails, api, createUser, deferredWorkDone };
  };
  const fields = { pool, brokerApi, databaseUrl: database.url, redis, amqpPrefix };
  return {
    ...fields,
    startInstance,
    view() {
      const started = new Set<RunningPublicApi>();
      return {
        ...fields,
        async startInstance(env, options) {
          const instance = await startInstance(env, options);
          started.add(instance.running);
          return instance;
        },
        close: () => closeInstances(started),
      };
    },
    async close() {
      await closeInstances(instances.keys());
      await notificationsBus.close();
      await brokerPipeline?.close();
      if (brokerPipeline === undefined) await influx.drop();
      await pool.end();
      redis.disconnect();
      await Promise.all([
        database.drop(),
        redisPrefix.deleteKeys(),
        deleteAmqpTopology(amqpPrefix, {
          busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
        }),
      ]);
    },
  };
}
