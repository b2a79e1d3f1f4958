import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  embeddedPlatformTestEnv,
  startEmbeddedPlatformProcess,
  sumMetric,
  waitFor,
  type EmbeddedPlatformProcess,
} from '@homeport/testing';
import { runSimulation } from '../src/run-simulation';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(path.join(tmpdir(), 'homeport-simulated-'));
let running: EmbeddedPlatformProcess | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const readMetrics = async (url: string) => (await fetch(`${url}/metrics`)).text();

describe('the simulator against the embedded platform (npm start)', () => {
  it('drives 100 devices for 30 s without errors, and the platform counts what it counts', async () => {
    running = await startEmbeddedPlatformProcess(embeddedPlatformTestEnv(dataDir));
    const { platform } = running;

    const summary = await runSimulation({
      apiUrl: platform.brokerApiUrl,
      apiToken: platform.brokerApiToken,
      mqttUrl: platform.mqttUrl,
      vendorId: platform.demoVendorId,
      productId: platform.demoProductId,
      deviceIdPrefix: 'accept',
      devices: 100,
      ratePerSecond: 5,
      durationMs: 30_000,
    });

    expect(summary).toMatchObject({ provisioned: 100, connected: 100, failed: 0, errorCount: 0 });
    expect(summary.acknowledged).toBe(summary.published);
    expect(summary.published).toBeGreaterThan(100 * 5 * 30 * 0.9);
    // Every acknowledged message was received by the broker and stored by state-workers, once.
    const received = sumMetric(await readMetrics(platform.brokerApiUrl), 'mqtt_messages_received_total');
    expect(received).toBe(summary.acknowledged);
    // Device messages only: state-workers also handle each new device's credential-issued event.
    const countDeviceMessages = async () =>
      (await readMetrics(platform.stateWorkersUrl))
        .split('\n')
        .filter((line) =>
          /^state_workers_messages_total\{.*type="device\.(reported|telemetry)\.v1"/.test(line),
        )
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    await waitFor(
      async () => (await countDeviceMessages()) >= summary.acknowledged,
      'state-workers to have handled every message',
      { timeoutMs: 30_000 },
    );
    const handled = await countDeviceMessages();
    expect(handled).toBe(summary.acknowledged);
  });
});
