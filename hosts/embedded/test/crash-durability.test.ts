import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildDeviceTopic, type TelemetryPayload } from '@homeport/contracts';
import { openEmbeddedPostgres } from '@homeport/storage';
import {
  embeddedPlatformTestEnv,
  startEmbeddedPlatformProcess,
  waitFor,
  type EmbeddedPlatformProcess,
} from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import { connectDemoDevice, provisionDemoDevice, type DemoDevice } from './support/platform-api';

// Two starts of the platform (PGlite, migrations): about 10 s each alone, a minute on a busy CI machine.
jest.setTimeout(240_000);

const deviceCount = 10;
/** Each device publishes every 25 ms: 400 msg/s in all, a steady stream with messages in every stage. */
const publishIntervalMs = 25;
const acknowledgedBeforeKill = 600;

const dataDir = mkdtempSync(path.join(tmpdir(), 'homeport-crash-'));
const env = { ...embeddedPlatformTestEnv(dataDir), MQTT_PUBLISH_RATE_PER_SECOND: '100' };
let running: EmbeddedPlatformProcess | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A device publishing QoS 1 telemetry at a steady rate, not waiting for PUBACKs; `ts` is unique per message. */
function streamTelemetry(client: MqttClient, device: DemoDevice, firstTs: number) {
  const topic = buildDeviceTopic('telemetry', device);
  const acknowledgedTs: number[] = [];
  let seq = 0;
  const timer = setInterval(() => {
    seq += 1;
    const ts = firstTs + seq;
    const payload: TelemetryPayload = { seq, ts, metrics: { n: seq } };
    client.publish(topic, JSON.stringify(payload), { qos: 1 }, (error) => {
      if (!error) acknowledgedTs.push(ts);
    });
  }, publishIntervalMs);
  return {
    device,
    acknowledgedTs,
    stop: () => {
      clearInterval(timer);
    },
  };
}

/** The telemetry points in the platform's database (read while it is stopped: PGlite is one process's). */
async function readStoredPoints(): Promise<Set<string>> {
  const database = await openEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
  try {
    const { rows } = await database.query<{ device_id: string; time_ms: string }>(
      `SELECT tags->>'device_id' AS device_id, (EXTRACT(EPOCH FROM time) * 1000)::bigint AS time_ms
       FROM state_workers.time_series_points WHERE tags ? 'device_id'`,
    );
    return new Set(rows.map((row) => `${row.device_id}@${row.time_ms}`));
  } finally {
    await database.end();
  }
}

describe('npm start killed with SIGKILL mid-stream, then started again on the same DATA_DIR', () => {
  it('has stored every QoS 1 message it acknowledged before the kill', async () => {
    running = await startEmbeddedPlatformProcess(env);
    const { platform } = running;
    const devices = await Promise.all(
      Array.from({ length: deviceCount }, () => provisionDemoDevice(platform)),
    );
    const clients = await Promise.all(devices.map((device) => connectDemoDevice(platform, device)));
    const firstTs = Date.now();
    const streams = devices.map((device, index) =>
      streamTelemetry(clients[index] as MqttClient, device, firstTs),
    );
    const countAcknowledged = () => streams.reduce((sum, stream) => sum + stream.acknowledgedTs.length, 0);
    await waitFor(() => countAcknowledged() >= acknowledgedBeforeKill, `${acknowledgedBeforeKill} PUBACKs`, {
      timeoutMs: 60_000,
      intervalMs: 20,
    });

    await running.killHard();
    for (const stream of streams) stream.stop();
    await Promise.all(clients.map((client) => client.endAsync(true)));
    const acknowledged = streams.flatMap((stream) =>
      stream.acknowledgedTs.map((ts) => `${stream.device.deviceId}@${ts}`),
    );

    running = await startEmbeddedPlatformProcess(env);
    // Started again on its data, it serves: a message acknowledged now is kept too.
    const [first] = devices;
    if (first === undefined) throw new Error('no device');
    const client = await connectDemoDevice(running.platform, first);
    const afterRestart: TelemetryPayload = { seq: 1_000_000, ts: Date.now(), metrics: { n: 0 } };
    await client.publishAsync(buildDeviceTopic('telemetry', first), JSON.stringify(afterRestart), { qos: 1 });
    await client.endAsync();
    await running.stop();

    const stored = await readStoredPoints();
    const missing = acknowledged.filter((point) => !stored.has(point));
    expect({ acknowledged: acknowledged.length, missing }).toEqual({
      acknowledged: acknowledged.length,
      missing: [],
    });
    expect(stored.has(`${first.deviceId}@${afterRestart.ts}`)).toBe(true);
  });
});
