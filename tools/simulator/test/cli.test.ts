import { createUniqueName } from '@homeport/testing';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformFile } from '@homeport/contracts';
import type { ClaimCodeEntry } from '../src/claim-codes-file';
import type { SimulationSummary } from '../src/run-simulation';
import { startTestPlatform, testApiToken, type TestPlatform } from './support/test-platform';

const workspaceRoot = join(__dirname, '..', '..', '..');

interface CliOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI as `npm run simulate` does, with exactly `env` (plus PATH and HOME); it must end by itself. */
function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tools/simulator/src/main.ts', ...args],
      {
        cwd: workspaceRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : (error.code as number | null), stdout, stderr });
      },
    );
  });
}

describe('the simulate command', () => {
  let platform: TestPlatform;
  let directory: string;

  beforeAll(async () => {
    platform = await startTestPlatform('simulator_cli');
    directory = await mkdtemp(join(tmpdir(), 'homeport-simulate-'));
  }, 60_000);

  afterAll(async () => {
    await platform.close();
    await rm(directory, { recursive: true, force: true });
  }, 30_000);

  it('finds the platform through its platform file, runs, prints the summary, writes it as JSON and exits 0', async () => {
    const platformFile = join(directory, 'platform.json');
    const vendorId = createUniqueName('cli_vendor');
    const content: PlatformFile = {
      brokerApiUrl: platform.apiUrl,
      brokerApiToken: testApiToken,
      mqttUrl: platform.mqttUrl,
      mqttWebSocketUrl: 'ws://127.0.0.1:1/mqtt',
      demoVendorId: vendorId,
      demoProductId: 'thermostat',
      fanOutUrl: 'http://127.0.0.1:1',
      stateWorkersUrl: 'http://127.0.0.1:1',
    };
    await writeFile(platformFile, JSON.stringify(content));
    const jsonFile = join(directory, 'summary.json');
    const claimCodesFile = join(directory, 'codes', 'claim-codes.json');
    const args = ['--devices', '2', '--rate', '4', '--duration', '1.5', '--json', jsonFile];

    const outcome = await runCli([...args, '--claim-codes', claimCodesFile], {
      HOMEPORT_PLATFORM_FILE: platformFile,
    });

    expect(outcome).toMatchObject({ code: 0 });
    expect(outcome.stdout).toMatch(/Simulation summary/);
    expect(outcome.stdout).toMatch(/acknowledged +\d+/);
    const summary = JSON.parse(await readFile(jsonFile, 'utf8')) as SimulationSummary;
    expect(summary).toMatchObject({ vendorId, devices: 2, connected: 2, failed: 0, errorCount: 0 });
    expect(summary.published).toBeGreaterThanOrEqual(10);
    expect(summary.acknowledged).toBe(summary.published);
    const codes = JSON.parse(await readFile(claimCodesFile, 'utf8')) as ClaimCodeEntry[];
    expect(codes).toHaveLength(2);
    for (const { deviceId, claimCode, claimQrPayload } of codes) {
      expect(claimCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){3}[0-9A-HJKMNP-TV-Z]{5}$/);
      expect(claimQrPayload).toBe(`HOMEPORT:1:${claimCode}`);
      expect(outcome.stderr).toContain(`claim code of ${deviceId}: ${claimCode}`);
    }
    expect(outcome.stderr).toContain(`claim codes written to ${claimCodesFile}`);
  }, 40_000);

  it('with a wrong token from the environment it says broker-api refused it and exits 1', async () => {
    const outcome = await runCli(['--devices', '1', '--duration', '1'], {
      HOMEPORT_API_URL: platform.apiUrl,
      HOMEPORT_API_TOKEN: 'not-the-token-0123456789abcdef0123456789',
      HOMEPORT_MQTT_URL: platform.mqttUrl,
    });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/HTTP 401 UNAUTHENTICATED/);
  }, 40_000);

  it('with a bad argument it says which and exits 2', async () => {
    const outcome = await runCli(['--devices', 'many']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/--devices must be a whole number/);
  }, 40_000);
});
