import { ConfigError } from '@homeport/config';
import { loadPublicApiConfig } from '../../src/config';
import {
  createSigningJwk,
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
} from '../support/environment';

interface OpenApiDocument {
  openapi: string;
  components: { securitySchemes: Record<string, unknown>; schemas?: unknown };
  webhooks?: Record<string, unknown>;
  paths: Record<
    string,
    Record<string, { security?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> }>
  >;
}

export function describeService(shared: SharedTestEnvironment): void {
  describe('public-api as a service', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
    });
    afterAll(async () => {
      await environment.close();
    });

    it('serves /health, /ready (PostgreSQL, RabbitMQ and Redis) and /metrics without a token', async () => {
      expect((await instance.api('GET', '/health')).status).toBe(200);
      expect(await instance.api('GET', '/ready')).toMatchObject({
        status: 200,
        body: {
          checks: { postgres: { status: 'up' }, rabbitmq: { status: 'up' }, redis: { status: 'up' } },
        },
      });
      const metrics = await fetch(`${instance.running.http.url}/metrics`);
      expect(await metrics.text()).toContain('http_request_duration_seconds');
    });

    it('publishes an OpenAPI 3.1 document with the bearer scheme on every protected route (the API key scheme on the vendor-only one, the OAuth scope beside), 429 on every route, and examples, and the webhook deliveries', async () => {
      const document = (await instance.api<OpenApiDocument>('GET', '/openapi.json')).body;
      expect(document.openapi).toBe('3.1.0');
      expect(document.components.securitySchemes).toEqual({
        bearerAuth: expect.objectContaining({
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
        }) as unknown,
        apiKeyAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }) as unknown,
        oauth2: expect.objectContaining({ type: 'oauth2' }) as unknown,
        ownTracksBasicAuth: expect.objectContaining({ type: 'http', scheme: 'basic' }) as unknown,
      });
      const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({
          route: `${method.toUpperCase()} ${path}`,
          operation,
        })),
      );
      const ownTracksRoute = 'POST /v1/owntracks';
      const open = new Set([
        'POST /v1/account/sign-up',
        'POST /v1/account/email-verification/confirm',
        'POST /v1/account/password-reset',
        'POST /v1/account/password-reset/confirm',
        'POST /v1/sessions',
        'POST /v1/sessions/refresh',
        'GET /v1/console/settings',
        'GET /v1/notifications/unsubscribe',
        'POST /v1/notifications/unsubscribe',
        // The OwnTracks app's endpoint: HTTP Basic with a per-phone credential (its own scheme), not a bearer token.
        ownTracksRoute,
      ]);
      const v1 = operations.filter(({ route }) => route.includes(' /v1/'));
      const forVendorsOnly = new Set(['GET /v1/vendors/{vendorId}']);
      // 14 account, session and home routes (the zone's PATCH and the account's deletion among them); 2 audit logs; 9 vendor member and key
      // routes (joining the embedded demo vendor among them); 8 claiming routes (provisioning one device or a batch
      // among them);
      // 22 vendor operations (products and their assistant mappings, devices, credentials, state, commands);
      // 8 OAuth client, authorization and personal token routes; 7 routes of a person's devices (list, read,
      // rename, desired, commands); 1 device history; 1 live stream; 14 notification settings routes; 7 webhook routes of people, 7 of vendors;
      // 4 location routes (fixes, OwnTracks credentials); 11 alert routes of a home (rules, vendor defaults and
      // their mutes, alerts, acknowledgement), 6 of vendors (rules, fleet alerts); 6 automation routes (CRUD,
      // runs); 3 privacy routes (location sharing read and set, a home's presence); 7 vendor analytics routes
      // (figures now, a metric's series, a daily and a weekly report as JSON and as CSV, the activation funnel);
      // 4 routes of a person's own zones; 1 Alexa route (its token is inside each directive); 1 Google Home
      // fulfillment; 4 operations routes (access, health, queues, joining the embedded platform's operators).
      expect(v1.length).toBe(
        open.size + 14 + 2 + 9 + 8 + 22 + 8 + 7 + 1 + 1 + 14 + 14 + 4 + 11 + 6 + 6 + 3 + 7 + 4 + 1 + 1 + 4,
      );
      for (const { route, operation } of v1) {
        const scheme = forVendorsOnly.has(route) ? 'apiKeyAuth' : 'bearerAuth';
        expect({
          route,
          security: operation.security?.[0],
          rateLimited: '429' in operation.responses,
        }).toEqual({
          route,
          security:
            route === ownTracksRoute
              ? { ownTracksBasicAuth: [] }
              : open.has(route)
                ? undefined
                : { [scheme]: [] },
          rateLimited: true,
        });
      }
      // A token's scope is named as the oauth2 scheme's, except on the routes only a session may call.
      const securityOf = (route: string) =>
        v1.find((operation) => operation.route === route)?.operation.security;
      expect(securityOf('GET /v1/homes')).toEqual([{ bearerAuth: [] }, { oauth2: ['homes:read'] }]);
      expect(securityOf('PUT /v1/account/password')).toEqual([{ bearerAuth: [] }]);
      expect(securityOf('POST /v1/assistants/alexa')).toEqual([
        { bearerAuth: [] },
        { oauth2: ['devices:read', 'devices:write'] },
      ]);
      expect(securityOf('POST /v1/vendors/{vendorId}/webhooks')).toEqual([
        { bearerAuth: [] },
        { oauth2: ['webhooks:write'] },
      ]);
      // What an endpoint receives: OpenAPI 3.1 webhooks, one per event type, signed per Standard Webhooks.
      expect(Object.keys(document.webhooks ?? {})).toEqual([
        'device.state-changed',
        'device.presence',
        'device.command-finished',
        'alert.fired',
        'alert.resolved',
        'alert.acknowledged',
        'alert.escalated',
        'alert.flapping-changed',
      ]);
      expect(JSON.stringify(document.webhooks)).toContain('webhook-signature');
      // The OAuth endpoints take forms (RFC 6749 §3.2), and the scheme names where they are.
      expect(JSON.stringify(document.paths['/oauth/token'])).toContain('application/x-www-form-urlencoded');
      expect(document.components.securitySchemes['oauth2']).toMatchObject({
        flows: {
          authorizationCode: { authorizationUrl: 'https://api.test.homeport.example/oauth/authorize' },
          clientCredentials: { tokenUrl: 'https://api.test.homeport.example/oauth/token' },
        },
      });
      expect(JSON.stringify(document.paths['/v1/account/sign-up'])).toContain('correct horse battery staple');
      expect((await fetch(`${instance.running.http.url}/docs/`)).status).toBe(200);
    });

    it.each([
      ['POST', '/v1/account/sign-up', { email: 'ada@example.com' }, '/password'],
      ['POST', '/v1/account/sign-up', { email: 'not an email', password: 'long enough password' }, '/email'],
      ['POST', '/v1/account/sign-up', { email: 'ada@example.com', password: 'short' }, '/password'],
      ['POST', '/v1/sessions', { password: 'x' }, '/email'],
      ['POST', '/v1/sessions/refresh', { refreshToken: { value: 'x' } }, '/refreshToken'],
      ['POST', '/v1/account/email-verification/confirm', { token: 'too-short' }, '/token'],
      ['POST', '/v1/account/password-reset/confirm', { token: 'a'.repeat(43) }, '/newPassword'],
    ])('%s %s with %j is 400 VALIDATION_FAILED naming %s', async (method, path, body, field) => {
      const answer = await instance.api<{ code: string; details: { fields: { path: string }[] } }>(
        method,
        path,
        body,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('VALIDATION_FAILED');
      expect(answer.body.details.fields.map((entry) => entry.path)).toContain(field);
    });

    it('malformed bodies of authenticated routes are 400 naming the field; a body that is not JSON is BODY_NOT_JSON', async () => {
      const user = await instance.createUser();
      const token = user.tokens.accessToken;
      const home = await instance.api<{ details: { fields: { path: string }[] } }>(
        'POST',
        '/v1/homes',
        { name: '', timeZone: 'UTC', location: { latitude: 91, longitude: 0 } },
        token,
      );
      expect(home.status).toBe(400);
      expect(home.body.details.fields.map((entry) => entry.path).sort()).toEqual([
        '/location/latitude',
        '/name',
      ]);
      const invite = await instance.api<{ details: { fields: { path: string }[] } }>(
        'POST',
        '/v1/homes/not-a-uuid/invitations',
        { email: 'grace@example.com', role: 'admin' },
        token,
      );
      expect(invite.status).toBe(400);
      expect(invite.body.details.fields.map((entry) => entry.path)).toContain('/homeId');

      const notJson = await fetch(`${instance.running.http.url}/v1/homes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"name": ',
      });
      expect(notJson.status).toBe(400);
      expect(((await notJson.json()) as { code: string }).code).toBe('BODY_NOT_JSON');
    });

    it('errors have the { code, message, requestId } shape, the request id also in the header', async () => {
      const response = await fetch(`${instance.running.http.url}/v1/homes`);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['code', 'message', 'requestId']);
      expect(response.headers.get('x-request-id')).toBe(body['requestId']);
    });
  });

  describe('public-api configuration', () => {
    const valid = {
      DATABASE_URL: 'postgres://127.0.0.1/db',
      AMQP_URL: 'amqp://127.0.0.1',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_SIGNING_KEY: JSON.stringify(createSigningJwk('key-1')),
      BROKER_API_URL: 'http://127.0.0.1:8080',
      BROKER_API_TOKEN: 'broker-api-token-0123456789abcdef0123456789',
      NOTIFICATIONS_API_URL: 'http://127.0.0.1:8085',
      NOTIFICATIONS_API_TOKEN: 'notifications-api-token-0123456789abcdef01234',
      ALERTS_API_URL: 'http://127.0.0.1:8086',
      ALERTS_API_TOKEN: 'alerts-api-token-0123456789abcdef0123456789',
      GEOFENCING_API_URL: 'http://127.0.0.1:8086',
      GEOFENCING_API_TOKEN: 'geofencing-api-token-0123456789abcdef012345678',
      ANALYTICS_API_URL: 'http://127.0.0.1:8087',
      ANALYTICS_API_TOKEN: 'analytics-api-token-0123456789abcdef0123456789',
      INFLUX_URL: 'http://127.0.0.1:8086',
    };

    it('starts from the connections and a signing key, with the stated defaults', () => {
      expect(loadPublicApiConfig(valid)).toMatchObject({
        ACCESS_TOKEN_TTL_SECONDS: 900,
        REFRESH_TOKEN_TTL_SECONDS: 2_592_000,
        JWT_ACCEPTED_KEYS: '[]',
        REDIS_KEY_PREFIX: 'public-api:',
        INFLUX_DATABASE: 'homeport',
        TRUST_PROXY: '',
        RATE_LIMIT_PER_ADDRESS: '600/1m',
        RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '10/15m',
        RATE_LIMIT_CLAIM_PER_USER: '10/1h',
      });
    });

    it('refuses bad keys at start, naming every bad setting and never its value', () => {
      const { d: _private, ...publicKey } = createSigningJwk('key-1');
      const attempt = () =>
        loadPublicApiConfig({
          ...valid,
          JWT_SIGNING_KEY: JSON.stringify(publicKey),
          JWT_ACCEPTED_KEYS: JSON.stringify([createSigningJwk('key-0')]),
          ACCESS_TOKEN_TTL_SECONDS: '86400',
          RATE_LIMIT_PER_ADDRESS: '600 a minute',
          RATE_LIMIT_SIGN_UP_PER_ADDRESS: '0/1h',
          TRUST_PROXY: '10.0.0.0/8; 192.168.0.1',
        });
      expect(attempt).toThrow(ConfigError);
      let problems: readonly { key: string; reason: string }[] = [];
      try {
        attempt();
      } catch (error) {
        problems = (error as ConfigError).problems;
      }
      expect(problems.map((problem) => problem.key).sort()).toEqual([
        'ACCESS_TOKEN_TTL_SECONDS',
        'RATE_LIMIT_PER_ADDRESS',
        'RATE_LIMIT_SIGN_UP_PER_ADDRESS',
        'TRUST_PROXY',
      ]);
      expect(() =>
        loadPublicApiConfig({
          ...valid,
          JWT_SIGNING_KEY: JSON.stringify(publicKey),
          JWT_ACCEPTED_KEYS: '[{}',
        }),
      ).toThrow(
        /JWT_SIGNING_KEY: key key-1: d \(the private key\) is missing[\s\S]*JWT_ACCEPTED_KEYS: not valid JSON/,
      );
      expect(() =>
        loadPublicApiConfig({ ...valid, JWT_ACCEPTED_KEYS: JSON.stringify([createSigningJwk('key-0')]) }),
      ).toThrow(/JWT_ACCEPTED_KEYS: key key-0: holds a private key/);
      expect(() => loadPublicApiConfig({ ...valid, INFLUX_USERNAME: 'homeport' })).toThrow(
        /INFLUX_PASSWORD: missing \(INFLUX_USERNAME and INFLUX_PASSWORD go together\)/,
      );
      const alexa = { ...valid, ALEXA_CLIENT_ID: 'amzn1.application-oa2-client.1', ALEXA_CLIENT_SECRET: 's' };
      expect(() => loadPublicApiConfig(alexa)).toThrow(/ALEXA_TOKEN_KEYS: the Alexa skill needs a key/);
      expect(() =>
        loadPublicApiConfig({ ...alexa, ALEXA_TOKEN_KEYS: JSON.stringify([{ kid: 'k1', key: 'c2hvcnQ=' }]) }),
      ).toThrow(/ALEXA_TOKEN_KEYS: entry 0 \(k1\): key must be 32 bytes in base64/);
    });

    it('reads the Google service account key once at start: refused when it is not one, handed on parsed', () => {
      const key = {
        client_email: 'homeport@example.iam.gserviceaccount.com',
        private_key: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n',
        token_uri: 'https://oauth2.googleapis.com/token',
      };

      expect(
        loadPublicApiConfig({ ...valid, GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify(key) }),
      ).toMatchObject({
        googleServiceAccount: key,
      });
      expect(loadPublicApiConfig(valid)).not.toHaveProperty('googleServiceAccount');
      expect(() =>
        loadPublicApiConfig({
          ...valid,
          GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify({ ...key, token_uri: 'x' }),
        }),
      ).toThrow(/GOOGLE_SERVICE_ACCOUNT_KEY: token_uri is not an https URL/);
    });
  });
}
