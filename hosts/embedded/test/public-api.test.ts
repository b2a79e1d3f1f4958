import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  DeviceHistoryResponse,
  HomeDeviceResponse,
  HomeDeviceStateResponse,
  HomeList,
  HomeResponse,
  TokenPairResponse,
  UserResponse,
} from '@homeport/contracts';
import {
  embeddedPlatformTestEnv,
  requestJson,
  startEmbeddedPlatformProcess,
  waitForValue,
  type EmbeddedPlatformProcess,
} from '@homeport/testing';

jest.setTimeout(240_000);

const dataDir = mkdtempSync(path.join(tmpdir(), 'homeport-embedded-papi-'));
const env = embeddedPlatformTestEnv(dataDir);
let running: EmbeddedPlatformProcess | undefined;

const workspaceRoot = path.join(__dirname, '..', '..', '..');

/** `npm run simulate -- <args>` as the README runs it (the script's command), ending by itself. */
function simulate(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tools/simulator/src/main.ts', ...args],
      { cwd: workspaceRoot, timeout: 120_000 },
      (error, _stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stderr });
      },
    );
  });
}

/** The text of the newest email to `to` whose subject holds `subject`, from DATA_DIR/mailbox. */
async function readDevMailbox(to: string, subject: string): Promise<string | undefined> {
  const dir = path.join(dataDir, 'mailbox');
  const names = await readdir(dir).catch(() => []);
  const texts = await Promise.all(
    names.filter((name) => name.endsWith('.txt')).map((name) => readFile(path.join(dir, name), 'utf8')),
  );
  return texts.reverse().find((text) => text.startsWith(`To: ${to}\n`) && text.includes(subject));
}

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start serves public-api', () => {
  it("the README's walkthrough works: sign up, log in, create a home, claim the simulator's device and read its state and its history; the session outlives a restart", async () => {
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

    // The verification email reached the dev mailbox (no SMTP_URL): its code verifies the address.
    const verification = await waitForValue(
      () => readDevMailbox(credentials.email, 'Confirm your email address'),
      'the verification email in the dev mailbox',
      { timeoutMs: 20_000 },
    );
    expect(running.output()).toContain(
      `mail to ${credentials.email}: "Confirm your email address for Homeport"`,
    );
    const code = /verify-email\?token=([A-Za-z0-9_-]{43})/.exec(verification)?.[1];
    expect((await call('POST', '/v1/account/email-verification/confirm', { token: code })).status).toBe(204);
    expect((await call<UserResponse>('GET', '/v1/account', undefined, token)).body.emailVerified).toBe(true);

    // The simulator's device, claimed with the code it printed and wrote, and what it reported.
    const claimCodesFile = path.join(dataDir, 'claim-codes.json');
    const platformFile = path.join(dataDir, 'platform.json');
    const simulator = simulate([
      '--devices',
      '1',
      '--duration',
      '20',
      '--platform-file',
      platformFile,
      '--claim-codes',
      claimCodesFile,
    ]);
    const [entry] = await waitForValue(
      () =>
        readFile(claimCodesFile, 'utf8').then(
          (text) => JSON.parse(text) as { deviceId: string; claimCode: string }[],
          () => undefined,
        ),
      'the claim codes file',
      { timeoutMs: 60_000 },
    );
    const claimCode = entry?.claimCode ?? '';
    const device = await call<HomeDeviceResponse>(
      'POST',
      `/v1/homes/${home.body.id}/devices/claim`,
      { claimCode },
      token,
    );
    expect(device).toMatchObject({ status: 200, body: { id: entry?.deviceId, homeId: home.body.id } });
    const state = await waitForValue(
      async () => {
        const read = await call<HomeDeviceStateResponse>(
          'GET',
          `/v1/homes/${home.body.id}/devices/${device.body.id}`,
          undefined,
          token,
        );
        return read.body.reported === null ? undefined : read.body;
      },
      "the device's reported state",
      { timeoutMs: 30_000 },
    );
    expect(state).toMatchObject({
      online: true,
      reported: { state: { temperature: expect.any(Number) as unknown } },
    });
    // Its telemetry and its reported state, from the SQL time series state-workers writes, as history in
    // one-minute buckets.
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const historyRoute = `/v1/homes/${home.body.id}/devices/${device.body.id}/history?from=${from}&interval=1m`;
    const temperaturesOf = (source: 'telemetry' | 'state') =>
      waitForValue(
        async () => {
          const read = await call<DeviceHistoryResponse>(
            'GET',
            `${historyRoute}&source=${source}`,
            undefined,
            token,
          );
          return read.body.series.find((series) => series.metric === 'temperature');
        },
        `the device's ${source} history`,
        { timeoutMs: 30_000 },
      );
    expect((await temperaturesOf('telemetry')).points[0]?.value).toEqual(expect.any(Number));
    expect((await temperaturesOf('state')).points[0]?.value).toEqual(expect.any(Number));
    const simulated = await simulator;
    expect(simulated.code).toBe(0);
    expect(simulated.stderr).toContain(`claim code of ${device.body.id}: ${claimCode}`);

    await running.stop();
    running = await startEmbeddedPlatformProcess(env);
    const again = (route: string) =>
      requestJson<UserResponse & HomeList>(running?.platform.publicApiUrl ?? '', 'GET', route, { token });
    expect(await again('/v1/account')).toMatchObject({ status: 200, body: { email: credentials.email } });
    expect((await again('/v1/homes')).body.items).toEqual([home.body]);
  });
});
