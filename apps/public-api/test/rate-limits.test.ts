import type { TokenPairResponse } from '@homeport/contracts';
import { sumMetric } from '@homeport/testing';
import { randomInt, randomUUID } from 'node:crypto';
import {
  createSigningJwk,
  createTestEnvironment,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { code?: string; message?: string; requestId?: string; details?: Record<string, unknown> };
}

/** A request from `address`: the test's process is the loopback proxy that public-api is told to trust. */
async function call(
  instance: TestInstance,
  request: { method: string; path: string; address: string; token?: string; body?: unknown },
): Promise<Answer> {
  const headers: Record<string, string> = { 'x-forwarded-for': request.address };
  if (request.token !== undefined) headers['authorization'] = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${instance.running.http.url}${request.path}`, {
    method: request.method,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer['body'],
  };
}

/** An address of the documentation range no other test of the suite uses. */
const newAddress = () => `198.18.${randomInt(256)}.${randomInt(1, 255)}`;
const readAccount = (instance: TestInstance, address: string, token?: string) =>
  call(instance, { method: 'GET', path: '/v1/account', address, ...(token !== undefined && { token }) });
const login = (instance: TestInstance, address: string, email: string, password: string) =>
  call(instance, { method: 'POST', path: '/v1/sessions', address, body: { email, password } });
const refusedCount = async (instance: TestInstance) =>
  sumMetric(
    await (await fetch(`${instance.running.http.url}/metrics`)).text(),
    'public_api_rate_limited_total',
  );

function expectRateLimited(answer: Answer, limit: string, windowSeconds: number): void {
  expect(answer.status).toBe(429);
  expect(answer.body).toEqual({
    code: 'RATE_LIMITED',
    message: expect.stringMatching(/^too many requests; retry in \d+ s$/) as unknown,
    requestId: answer.headers.get('x-request-id'),
    details: { limit, retryAfterSeconds: Number(answer.headers.get('retry-after')) },
  });
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(answer.headers.get('ratelimit-remaining')).toBe('0');
  expect(answer.headers.get('ratelimit-reset')).toBe(String(retryAfter));
}

describe('public-api rate limits', () => {
  let environment: TestEnvironment;
  /** Limits no test reaches: it signs users up. */
  let setup: TestInstance;
  // One key for every instance, as replicas have: a token of one is valid on all.
  const JWT_SIGNING_KEY = JSON.stringify(createSigningJwk('rate-limits'));
  const start = (limits: Record<string, string>) =>
    environment.startInstance({ JWT_SIGNING_KEY, TRUST_PROXY: 'loopback', ...limits });

  beforeAll(async () => {
    environment = await createTestEnvironment('papi_rate_limits');
    setup = await environment.startInstance({ JWT_SIGNING_KEY });
  });
  afterAll(async () => {
    await environment.close();
  });

  it('when an address goes past its limit, it is answered 429 RATE_LIMITED with Retry-After and the RateLimit headers, and counted; another address is not', async () => {
    const instance = await start({ RATE_LIMIT_PER_ADDRESS: '3/1m' });
    const address = newAddress();
    const allowed = [];
    for (let i = 0; i < 3; i += 1) allowed.push(await readAccount(instance, address));
    expect(allowed.map((answer) => [answer.status, answer.headers.get('ratelimit-remaining')])).toEqual([
      [401, '2'],
      [401, '1'],
      [401, '0'],
    ]);
    expect(allowed[0]?.headers.get('ratelimit-limit')).toBe('3');
    expectRateLimited(await readAccount(instance, address), 'address', 60);
    expect(await refusedCount(instance)).toBe(1);
    expect((await readAccount(instance, newAddress())).status).toBe(401);
  });

  it("a credential's requests are counted together from every address, apart from another credential's", async () => {
    const instance = await start({ RATE_LIMIT_PER_CREDENTIAL: '3/1m' });
    const [ada, grace] = [await setup.createUser(), await setup.createUser()];
    for (let i = 0; i < 3; i += 1) {
      expect((await readAccount(instance, newAddress(), ada.tokens.accessToken)).status).toBe(200);
    }
    expectRateLimited(await readAccount(instance, newAddress(), ada.tokens.accessToken), 'credential', 60);
    expect((await readAccount(instance, newAddress(), grace.tokens.accessToken)).status).toBe(200);
  });

  it("random tokens sprayed from one address are bounded by the address's limit, not given buckets of their own", async () => {
    const instance = await start({ RATE_LIMIT_PER_ADDRESS: '5/1m', RATE_LIMIT_PER_CREDENTIAL: '2/1m' });
    const address = newAddress();
    const sprayed = [];
    for (let i = 0; i < 5; i += 1) {
      const token = `${randomUUID()}.${randomUUID()}.${randomUUID()}`.replaceAll('-', '');
      sprayed.push((await readAccount(instance, address, token)).body.code);
    }
    expect(sprayed).toEqual(Array(5).fill('ACCESS_TOKEN_INVALID'));
    expectRateLimited(await readAccount(instance, address, 'x.y.z'), 'address', 60);
  });

  it('failed logins are limited per email from any address: past the limit even the right password is refused, other accounts log in', async () => {
    const instance = await start({ RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '3/15m' });
    const [ada, grace] = [await setup.createUser(), await setup.createUser()];
    for (let i = 0; i < 3; i += 1) {
      const answer = await login(instance, newAddress(), ada.email.toUpperCase(), 'wrong-password');
      expect(answer.body.code).toBe('CREDENTIALS_INVALID');
    }
    expectRateLimited(await login(instance, newAddress(), ada.email, ada.password), 'login-email', 900);
    expect((await login(instance, newAddress(), grace.email, grace.password)).status).toBe(201);
  });

  it("failed logins are limited per address, and logging in to one's own account in between does not reset the count", async () => {
    const instance = await start({ RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS: '3/15m' });
    const attacker = await setup.createUser();
    const address = newAddress();
    const guess = () => login(instance, address, `${randomUUID()}@example.com`, 'wrong-password');
    expect((await guess()).status).toBe(401);
    expect((await guess()).status).toBe(401);
    expect((await login(instance, address, attacker.email, attacker.password)).status).toBe(201);
    expect((await guess()).status).toBe(401);
    expectRateLimited(await guess(), 'login-address', 900);
  });

  it('guesses sent at once are counted one by one: as many as the limit are answered 401, the rest 429', async () => {
    const instance = await start({ RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '3/15m' });
    const ada = await setup.createUser();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => login(instance, newAddress(), ada.email, `wrong-password-${i}`)),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('two instances on one Redis share the counters: the limit holds across them', async () => {
    const limits = { RATE_LIMIT_PER_ADDRESS: '4/1m', RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '2/15m' };
    const [first, second] = [await start(limits), await start(limits)];
    const address = newAddress();
    for (const instance of [first, second, first, second]) {
      expect((await readAccount(instance, address)).status).toBe(401);
    }
    expectRateLimited(await readAccount(first, address), 'address', 60);
    expectRateLimited(await readAccount(second, address), 'address', 60);
    const ada = await setup.createUser();
    expect((await login(first, newAddress(), ada.email, 'wrong-password')).status).toBe(401);
    expect((await login(second, newAddress(), ada.email, 'wrong-password')).status).toBe(401);
    expectRateLimited(await login(first, newAddress(), ada.email, ada.password), 'login-email', 900);
  });

  it('sign-up, password reset and refresh are limited per address by limits of their own', async () => {
    const instance = await start({
      RATE_LIMIT_SIGN_UP_PER_ADDRESS: '1/1h',
      RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS: '1/1h',
      RATE_LIMIT_REFRESH_PER_ADDRESS: '1/15m',
    });
    const address = newAddress();
    const post = (path: string, body: unknown) => call(instance, { method: 'POST', path, address, body });
    const signUp = { email: `${randomUUID()}@example.com`, password: 'correct horse battery' };
    expect((await post('/v1/account/sign-up', signUp)).status).toBe(202);
    expectRateLimited(await post('/v1/account/sign-up', signUp), 'sign-up', 3600);
    expect((await post('/v1/account/password-reset', { email: signUp.email })).status).toBe(202);
    const confirm = { token: 'A'.repeat(43), newPassword: 'a new passphrase' };
    expectRateLimited(await post('/v1/account/password-reset/confirm', confirm), 'password-reset', 3600);
    const { tokens } = await setup.createUser();
    const refreshed = await post('/v1/sessions/refresh', { refreshToken: tokens.refreshToken });
    expect((refreshed.body as Partial<TokenPairResponse>).tokenType).toBe('Bearer');
    expectRateLimited(await post('/v1/sessions/refresh', { refreshToken: 'x' }), 'refresh', 900);
    await instance.deferredWorkDone();
  });
});

describe('public-api client address', () => {
  let environment: TestEnvironment;
  beforeAll(async () => {
    environment = await createTestEnvironment('papi_client_address');
  });
  afterAll(async () => {
    await environment.close();
  });

  it('without TRUST_PROXY an X-Forwarded-For header is ignored: the socket address is counted', async () => {
    const instance = await environment.startInstance({ RATE_LIMIT_PER_ADDRESS: '2/1m' });
    expect((await readAccount(instance, newAddress())).status).toBe(401);
    expect((await readAccount(instance, newAddress())).status).toBe(401);
    expectRateLimited(await readAccount(instance, newAddress()), 'address', 60);
  });
});
