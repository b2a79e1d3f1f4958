import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { claimDataDir, loadOrCreateSecrets } from './data-dir';

describe('the data directory', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'homeport-data-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates the secrets once, readable by the owner only, and reads the same ones at the next start', () => {
    const first = loadOrCreateSecrets(dataDir);
    const second = loadOrCreateSecrets(dataDir);

    expect(second).toEqual(first);
    expect(first.brokerApiToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(Object.values(first)).size).toBe(11);
    expect(JSON.parse(first.publicApiSigningKey)).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('adds the secrets added since (registry read token, public-api signing key, the notifications token and unsubscribe key, the alerts, geofencing and analytics tokens) to an older file, keeping the others', () => {
    const older = {
      brokerApiToken: 'a'.repeat(43),
      deviceSecretPepper: 'b'.repeat(43),
      fanOutMqttToken: 'c'.repeat(43),
    };
    writeFileSync(path.join(dataDir, 'secrets.json'), JSON.stringify(older));

    const secrets = loadOrCreateSecrets(dataDir);
    expect(secrets).toEqual({
      ...older,
      brokerApiRegistryReadToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      publicApiSigningKey: expect.stringContaining('"crv":"Ed25519"') as unknown,
      notificationsApiToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      unsubscribeSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      alertsApiToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      geofencingApiToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      analyticsApiToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      vapidPrivateKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
    });
    expect(loadOrCreateSecrets(dataDir)).toEqual(secrets);
  });

  it('refuses a secrets file that is not one, saying what to do', () => {
    writeFileSync(path.join(dataDir, 'secrets.json'), '{"brokerApiToken": 1}');

    expect(() => loadOrCreateSecrets(dataDir)).toThrow(/is not a Homeport secrets file .* new DATA_DIR/);
  });

  it('is refused while another running process holds it, and taken over from one that is gone', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    writeFileSync(path.join(dataDir, 'homeport.pid'), String(other.pid));
    expect(() => claimDataDir(dataDir)).toThrow(
      `another Homeport (pid ${other.pid}) is running on ${dataDir}`,
    );

    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
    const release = claimDataDir(dataDir);
    release();
  });
});
