import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HomeList, HomeResponse, TokenPairResponse, UserResponse } from '@homeport/contracts';
import {
  embeddedPlatformTestEnv,
  requestJson,
  startEmbeddedPlatformProcess,
  type EmbeddedPlatformProcess,
} from '@homeport/testing';

jest.setTimeout(240_000);

const dataDir = mkdtempSync(path.join(tmpdir(), 'homeport-embedded-papi-'));
const env = embeddedPlatformTestEnv(dataDir);
let running: EmbeddedPlatformProcess | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start serves public-api', () => {
  it("the README's walkthrough works: sign up, log in, create a home, list homes; the session outlives a restart", async () => {
    running = await startEmbeddedPlatformProcess(env);
    const publicApiUrl = running.platform.publicApiUrl ?? '';
    expect(publicApiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.output()).toContain(`public API (people, /v1)`);
    expect(running.output()).toContain(publicApiUrl);

    const call = <T>(method: string, route: string, body?: unknown, token?: string) =>
      requestJson<T>(publicApiUrl, method, route, { body, token });
    const credentials = { email: 'ada@example.com', password: 'correct horse battery staple' };
    expect((await call('POST', '/v1/account/sign-up', credentials)).status).toBe(202);
    const login = await call<TokenPairResponse>('POST', '/v1/sessions', credentials);
    expect(login.status).toBe(201);
    const token = login.body.accessToken;
    const home = await call<HomeResponse>(
      'POST',
      '/v1/homes',
      { name: 'Home', timeZone: 'Europe/Paris' },
      token,
    );
    expect(home).toMatchObject({
      status: 201,
      body: { name: 'Home', timeZone: 'Europe/Paris', role: 'owner' },
    });
    expect((await call<HomeList>('GET', '/v1/homes', undefined, token)).body.items).toEqual([home.body]);
    expect((await call<{ openapi: string }>('GET', '/openapi.json')).body.openapi).toBe('3.1.0');

    await running.stop();
    running = await startEmbeddedPlatformProcess(env);
    const again = (route: string) =>
      requestJson<UserResponse & HomeList>(running?.platform.publicApiUrl ?? '', 'GET', route, { token });
    expect(await again('/v1/account')).toMatchObject({ status: 200, body: { email: credentials.email } });
    expect((await again('/v1/homes')).body.items).toEqual([home.body]);
  });
});
