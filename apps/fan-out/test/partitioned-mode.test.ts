import { spawn, type ChildProcess } from 'node:child_process';
import { partitionOf } from '@homeport/contracts';
import path from 'node:path';
import { createRedisClient } from '@homeport/storage';
import {
  createTestRedisPrefix,
  createUniqueName,
  readTestServerUrls,
  type TestRedisPrefix,
} from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import {
  collectEnvelopes,
  createTestEnv,
  deleteTopology,
  startTestFanOut,
  type ReceivedEnvelope,
  type TestFanOut,
} from './support/fan-out-harness';
import { startMosquitto, type TestMosquitto } from '@homeport/testing';
import { connectPublisher, publishTelemetry } from './support/publishers';
import { waitFor } from '@homeport/testing';

const group = 'fan-out';
const devices = Array.from({ length: 20 }, (_, index) => ({ vendorId: 'acme', deviceId: `sensor-${index}` }));

/** fan-out as its own process (node + tsx on main.ts), so it can die with SIGKILL. */
function spawnFanOut(env: Record<string, string>): ChildProcess {
  const { NODE_OPTIONS: _ignored, ...parentEnv } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../src/main.ts')], {
    env: { ...parentEnv, ...env, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', LOG_LEVEL: 'warn' },
    // Its warnings and errors show in the test output.
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** Per device, the seqs in arrival order with redelivered duplicates dropped. */
function firstArrivals(received: readonly ReceivedEnvelope[]): Map<string, number[]> {
  const seen = new Set<string>();
  const byDevice = new Map<string, number[]>();
  for (const { messageId, envelope } of received) {
    if (seen.has(messageId)) continue;
    seen.add(messageId);
    const seqs = byDevice.get(envelope.deviceId) ?? [];
    seqs.push((envelope.payload as { seq: number }).seq);
    byDevice.set(envelope.deviceId, seqs);
  }
  return byDevice;
}

describe('partitioned mode (brokers without shared subscriptions)', () => {
  let mosquitto: TestMosquitto;
  let prefix: string;
  let redisPrefix: TestRedisPrefix;
  let redis: ReturnType<typeof createRedisClient>;
  let collector: Awaited<ReturnType<typeof collectEnvelopes>>;
  let processA: ChildProcess;
  let instanceB: TestFanOut;
  let publisher: MqttClient;

  beforeAll(async () => {
    mosquitto = await startMosquitto();
    prefix = `${createUniqueName('fan_out_part')}.`;
    redisPrefix = createTestRedisPrefix('fan_out_part');
    redis = createRedisClient({ url: readTestServerUrls().redisUrl, keyPrefix: redisPrefix.keyPrefix });
    collector = await collectEnvelopes(prefix);
    publisher = await connectPublisher(mosquitto.url);
  });
  afterAll(async () => {
    processA.kill('SIGKILL');
    await publisher.endAsync();
    await instanceB.stop();
    await collector.close();
    await deleteTopology(prefix);
    await redisPrefix.deleteKeys();
    await redis.quit();
    await mosquitto.stop();
  });

  const owners = async (): Promise<(string | null)[]> =>
    Promise.all([0, 1].map((partition) => redis.get(`${group}:partition:${partition}`)));

  it('when a replica dies abruptly, another takes its partition over within seconds and every message arrives in order', async () => {
    const env = createTestEnv({
      MQTT_URL: mosquitto.url,
      AMQP_NAME_PREFIX: prefix,
      SUBSCRIPTION_MODE: 'partitioned',
      PARTITION_COUNT: '2',
      LEASE_TTL_MS: '1500',
      REDIS_KEY_PREFIX: redisPrefix.keyPrefix,
    });
    processA = spawnFanOut(env);
    await waitFor(
      async () => (await owners()).every((owner) => owner !== null),
      'process A holding both partitions',
      { timeoutMs: 20_000 },
    );
    instanceB = await startTestFanOut(env, 'replica-b');
    await waitFor(
      () => instanceB.fanOut.heldPartitions().length === 1,
      'B holding one partition (A gave one up)',
    );
    const partitionOfA = instanceB.fanOut.heldPartitions()[0] === 0 ? 1 : 0;
    expect(devices.some((device) => partitionOf(device.vendorId, device.deviceId, 2) === partitionOfA)).toBe(
      true,
    );

    await Promise.all(devices.map((device) => publishTelemetry(publisher, device, 0, 10)));
    await waitFor(
      () => new Set(collector.received.map(({ messageId }) => messageId)).size === 200,
      'the first 200',
    );

    processA.kill('SIGKILL'); // no DISCONNECT, no lease release
    const killedAt = Date.now();
    await Promise.all(devices.map((device) => publishTelemetry(publisher, device, 10, 10)));
    await waitFor(() => instanceB.fanOut.heldPartitions().length === 2, 'B taking the partition over');
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(5000);

    await waitFor(
      () => new Set(collector.received.map(({ messageId }) => messageId)).size === 400,
      'all 400',
    );
    for (const [deviceId, seqs] of firstArrivals(collector.received)) {
      expect({ deviceId, seqs }).toEqual({ deviceId, seqs: Array.from({ length: 20 }, (_, seq) => seq) });
    }
    // Counted when its handler resolves, beside the forwarded messages' arrival, not before it.
    await waitFor(
      async () => (await instanceB.metric('fan_out_messages_skipped_total')) > 0,
      "the other partition's devices skipped",
    );
    expect(instanceB.fatalErrors).toEqual([]);
  }, 40_000);
});
