import { buildDeviceTopic, buildDeviceTopicFilter } from '@homeport/contracts';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { statementText } from '@homeport/storage';
import type { Pool } from '../src/adapters/postgres';
import {
  createTestEnvironment,
  fanoutToken,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import { connectClient, connectDevice, eventually, waitForClose } from './support/mqtt-clients';
import { provisionDevice, type TestDevice } from './support/provisioning';
import { encodeFixedHeader, openRawConnection, writeConnect } from './support/raw-mqtt';

const connectType = 1;
const publishType = 3;
const announcedBytes = 200 * 1024 * 1024;
const serverUnavailable = 3;
const badUserNameOrPassword = 4;

/** A pool that counts the registry lookups of CONNECT authentication (findAuthRecord). */
function countAuthLookups(pool: Pool) {
  const counter = { lookups: 0 };
  const counting: Pool = {
    query: (statement, params) => {
      if (statementText(statement).includes('LEFT JOIN broker_api.device_credentials')) counter.lookups += 1;
      return pool.query(statement, params);
    },
    connect: () => pool.connect(),
    end: () => pool.end(),
  };
  return { counter, counting };
}

async function readMetrics(instance: TestInstance): Promise<string> {
  return (await fetch(`${instance.running.http.url}/metrics`)).text();
}

/** The value of one series of mqtt_refusals_total (0 when absent). */
async function readRefusals(instance: TestInstance, action: string, reason: string): Promise<number> {
  const pattern = new RegExp(`mqtt_refusals_total\\{action="${action}",reason="${reason}"[^}]*\\} (\\d+)`);
  return Number(pattern.exec(await readMetrics(instance))?.[1] ?? 0);
}

describe('MQTT against hostile clients: packet sizes, CONNECT storms, rate limits, QoS 0', () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  const authLookups = { lookups: 0 };
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_hostile');
    instance = await environment.startInstance(
      {
        // Before the limits, only these timeouts would ever close the connections of the first tests.
        MQTT_CONNECT_TIMEOUT_MS: '60000',
        MQTT_CONNECT_FAILURE_BURST: '20',
        MQTT_CONNECT_FAILURE_RATE_PER_SECOND: '0.01',
        MQTT_PUBLISH_BURST: '3',
        MQTT_PUBLISH_RATE_PER_SECOND: '0.01',
      },
      {
        logLines,
        wrapPool: (pool) => {
          const { counter, counting } = countAuthLookups(pool);
          Object.defineProperty(authLookups, 'lookups', { get: () => counter.lookups });
          return counting;
        },
      },
    );
  });
  afterAll(async () => {
    await environment.close();
  });

  const provision = (): Promise<TestDevice> => provisionDevice(instance);

  it('a CONNECT announcing 200 MB is closed at its fixed header, before any of its body is sent', async () => {
    const connection = await openRawConnection(instance.running.mqtt.tcpPort);
    connection.socket.write(encodeFixedHeader(connectType, announcedBytes));
    await connection.closed(5000);
    expect(await connection.connack).toBe(-1);
    expect(await readRefusals(instance, 'connect', 'packet_too_large')).toBe(1);
  });

  it('an authenticated device announcing a 200 MB PUBLISH is closed at its fixed header', async () => {
    const device = await provision();
    const connection = await openRawConnection(instance.running.mqtt.tcpPort);
    writeConnect(connection, {
      clientId: device.deviceId,
      username: device.deviceId,
      password: device.secret,
    });
    expect(await connection.connack).toBe(0);
    connection.socket.write(encodeFixedHeader(publishType, announcedBytes));
    await connection.closed(5000);
    expect(await readRefusals(instance, 'publish', 'packet_too_large')).toBe(1);
  });

  it('until its CONNECT is authenticated a client may send only small packets; afterwards the payload limit applies', async () => {
    const device = await provision();
    const telemetry = buildDeviceTopic('telemetry', device);
    // Two strings: one string may be at most 4,096 characters (contracts' payload limits).
    const fiveKib = JSON.stringify({ metrics: { a: 'x'.repeat(2560), b: 'x'.repeat(2560) } });
    const will = { topic: telemetry, payload: Buffer.from(fiveKib), qos: 1 as const, retain: false };
    await expect(connectDevice(instance.mqttUrl, device, { will })).rejects.toThrow();
    const client = await connectDevice(instance.mqttUrl, device);
    await client.publishAsync(telemetry, fiveKib, { qos: 1 });
    await client.endAsync();
  });

  it('a WebSocket message larger than the largest packet is refused by the frame limit (close 1009)', async () => {
    const url = `ws://127.0.0.1:${instance.running.mqtt.webSocketPort}${instance.config.MQTT_WS_PATH}`;
    const socket = new WebSocket(url, 'mqtt');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(Buffer.alloc(instance.config.MQTT_MAX_PAYLOAD_BYTES + 2048));
    expect(await closed).toBe(1009);
  });

  it('500 CONNECTs with random ids from one address cost at most 20 registry lookups; a device elsewhere still connects', async () => {
    const device = await provision();
    const before = authLookups.lookups;
    const attempt = async (): Promise<number> => {
      const connection = await openRawConnection(instance.running.mqtt.tcpPort, '127.0.0.2');
      const id = `dev-${randomBytes(8).toString('hex')}`;
      writeConnect(connection, {
        clientId: id,
        username: id,
        password: randomBytes(32).toString('base64url'),
      });
      const code = await connection.connack;
      connection.socket.destroy();
      return code;
    };
    const codes: number[] = [];
    // Waves of 10: a wave in flight when the bucket empties still reaches the registry (tokens are taken
    // on refusal, so accepted devices never use them), hence at most burst + 10 lookups.
    for (let wave = 0; wave < 50; wave += 1) {
      const attempts = Promise.all(Array.from({ length: 10 }, attempt));
      if (wave === 25) {
        // In the middle of the storm, from 127.0.0.1.
        const legitimate = await connectDevice(instance.mqttUrl, device);
        await legitimate.endAsync();
      }
      codes.push(...(await attempts));
    }

    expect(codes.filter((code) => code === badUserNameOrPassword)).toHaveLength(20);
    expect(codes.filter((code) => code === serverUnavailable)).toHaveLength(480);
    expect(authLookups.lookups - before).toBeLessThanOrEqual(21); // 20 random ids and the device
    expect(await readRefusals(instance, 'connect', 'connect_rate_exceeded')).toBe(480);
    // Logged at a bounded rate: 10 lines, then one a second, each saying how many it left out.
    const logged = logLines.filter(
      (line) => line.msg === 'mqtt connect refused' && line.reason === 'connect_rate_exceeded',
    );
    expect(logged.length).toBeGreaterThanOrEqual(10);
    expect(logged.length).toBeLessThan(50);
  }, 60_000);

  it('a device that used up its publish bucket and reconnects at once is still limited', async () => {
    const device = await provision();
    const telemetry = buildDeviceTopic('telemetry', device);
    const first = await connectDevice(instance.mqttUrl, device);
    for (let index = 0; index < 3; index += 1) {
      await first.publishAsync(telemetry, JSON.stringify({ metrics: { index } }), { qos: 1 });
    }
    first.publish(telemetry, JSON.stringify({ metrics: { index: 3 } }), { qos: 1 });
    await waitForClose(first, 5000);
    await first.endAsync(true);

    const second = await connectDevice(instance.mqttUrl, device);
    second.publish(telemetry, JSON.stringify({ metrics: { index: 4 } }), { qos: 1 });
    await waitForClose(second, 5000);
    await second.endAsync(true);
    expect(await readRefusals(instance, 'publish', 'quota_exceeded')).toBe(2);
  });

  it('a QoS 0 message sent while fan-out is away is queued for its session and delivered at QoS 1', async () => {
    const device = await provision();
    const telemetry = buildDeviceTopic('telemetry', device);
    const fanoutOptions = {
      clientId: 'service:fanout',
      username: 'service:fanout',
      password: fanoutToken,
      clean: false,
    };
    const away = await connectClient(instance.mqttUrl, fanoutOptions);
    await away.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });
    await away.endAsync();

    const client = await connectDevice(instance.mqttUrl, device);
    await client.publishAsync(telemetry, JSON.stringify({ metrics: { sent: 'away' } }), { qos: 0 });
    // Stored after the QoS 0 one: once it is acknowledged, both are in the session's queue.
    await client.publishAsync(telemetry, JSON.stringify({ metrics: { sent: 'marker' } }), { qos: 1 });

    const fanout = await connectClient(instance.mqttUrl, fanoutOptions);
    const received: { sent: unknown; qos: number }[] = [];
    fanout.on('message', (_topic, payload, packet) => {
      const body = JSON.parse(payload.toString()) as { metrics: { sent: unknown } };
      received.push({ sent: body.metrics.sent, qos: packet.qos });
    });
    await eventually(
      () => Promise.resolve(received.length),
      (count) => count >= 2,
    );
    await client.publishAsync(telemetry, JSON.stringify({ metrics: { sent: 'live' } }), { qos: 0 });
    await eventually(
      () => Promise.resolve(received.length),
      (count) => count >= 3,
    );
    expect(received).toEqual([
      { sent: 'away', qos: 1 },
      { sent: 'marker', qos: 1 },
      { sent: 'live', qos: 1 },
    ]);
    await Promise.all([client.endAsync(), fanout.endAsync()]);
  });
});
