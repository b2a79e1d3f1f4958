import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildDeviceTopic,
  type IssuedCredentialResponse,
  type PlatformFile,
  type ReportedStatePayload,
  type ShadowResponse,
} from '@homeport/contracts';
import {
  createUniqueName,
  embeddedPlatformTestEnv,
  startEmbeddedPlatformProcess,
  waitForValue,
  type EmbeddedPlatformProcess,
} from '@homeport/testing';
import mqtt from 'mqtt';

jest.setTimeout(240_000);

const dataDir = mkdtempSync(path.join(tmpdir(), 'homeport-embedded-'));
const env = embeddedPlatformTestEnv(dataDir);
let running: EmbeddedPlatformProcess | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function api<T>(platform: PlatformFile, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${platform.brokerApiUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${platform.brokerApiToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const readReported = (platform: PlatformFile, deviceId: string) =>
  api<ShadowResponse>(platform, 'GET', `/devices/${deviceId}/shadow`).then((shadow) => shadow.reported);

describe('npm start with no server settings', () => {
  it('serves a device end to end, stops on Ctrl-C, and has its state after starting again', async () => {
    running = await startEmbeddedPlatformProcess(env);
    const { platform } = running;
    const deviceId = createUniqueName('thermostat').replaceAll('_', '-');
    const vendorId = platform.demoVendorId;
    await api(platform, 'POST', '/devices', { id: deviceId, vendorId, productId: platform.demoProductId });
    const credential = await api<IssuedCredentialResponse>(
      platform,
      'POST',
      `/devices/${deviceId}/credentials`,
    );

    const client = await mqtt.connectAsync(platform.mqttUrl, {
      clientId: credential.mqtt.clientId,
      username: credential.mqtt.username,
      password: credential.secret,
      reconnectPeriod: 0,
    });
    const report: ReportedStatePayload = { seq: 1, ts: Date.now(), state: { setpoint: 21.5, mode: 'heat' } };
    await client.publishAsync(buildDeviceTopic('reported', { vendorId, deviceId }), JSON.stringify(report), {
      qos: 1,
    });
    await client.endAsync();
    const stored = await waitForValue(
      () => readReported(platform, deviceId).then((reported) => reported ?? undefined),
      'the reported state to be readable over HTTP',
      { timeoutMs: 15_000 },
    );
    expect(stored.state).toEqual({ setpoint: 21.5, mode: 'heat' });

    await running.stop();
    expect(running.output()).toContain('Homeport stopped; its data stays in DATA_DIR');

    running = await startEmbeddedPlatformProcess(env);
    const reported = await readReported(running.platform, deviceId);
    expect(reported?.state).toEqual({ setpoint: 21.5, mode: 'heat' });
    expect(running.platform.brokerApiToken).toBe(platform.brokerApiToken);
  });
});
