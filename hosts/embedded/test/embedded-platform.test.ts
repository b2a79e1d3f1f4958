import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildDeviceTopic,
  type PlatformFile,
  type ReportedStatePayload,
  type ShadowResponse,
} from '@homeport/contracts';
import {
  embeddedPlatformTestEnv,
  startEmbeddedPlatformProcess,
  waitForValue,
  type EmbeddedPlatformProcess,
} from '@homeport/testing';
import { callPlatformApi, connectDemoDevice, provisionDemoDevice } from './support/platform-api';

jest.setTimeout(240_000);

const dataDir = mkdtempSync(path.join(tmpdir(), 'homeport-embedded-'));
const env = embeddedPlatformTestEnv(dataDir);
let running: EmbeddedPlatformProcess | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const readReported = (platform: PlatformFile, deviceId: string) =>
  callPlatformApi<ShadowResponse>(platform, 'GET', `/devices/${deviceId}/shadow`).then(
    (shadow) => shadow.reported,
  );

describe('npm start with no server settings', () => {
  it('serves a device end to end, stops on Ctrl-C, and has its state after starting again', async () => {
    running = await startEmbeddedPlatformProcess(env);
    const { platform } = running;
    const device = await provisionDemoDevice(platform);
    const { vendorId, deviceId } = device;
    const client = await connectDemoDevice(platform, device);
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
    // Shadows read state-workers' in-memory cache, which they fill from the database as they start.
    const { platform: restarted } = running;
    const reported = await waitForValue(
      () => readReported(restarted, deviceId).then((state) => state ?? undefined),
      'the reported state after the restart',
      { timeoutMs: 15_000 },
    );
    expect(reported.state).toEqual({ setpoint: 21.5, mode: 'heat' });
    expect(running.platform.brokerApiToken).toBe(platform.brokerApiToken);
  });
});
