import { buildDeviceTopic, buildDeviceTopicFilter } from '@homeport/contracts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  fanoutToken,
  createTestEnvironment,
  type TestEnvironment,
  type TestInstance,
} from './support/environment';
import { connectClient, connectDevice, recordMessages } from './support/mqtt-clients';
import { provisionDevice, type TestDevice } from './support/provisioning';
import { createTlsFixture, type TlsFixture } from './support/tls-fixture';

const run = promisify(execFile);

/** Runs a mosquitto client; resolves with its exit code and output (it never throws on a failing exit). */
async function runMosquitto(command: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: 10_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('MQTT transports: TCP, TLS, WebSocket, and third-party clients', () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  let tlsFixture: TlsFixture;
  let device: TestDevice;

  beforeAll(async () => {
    tlsFixture = await createTlsFixture();
    environment = await createTestEnvironment('broker_transports');
    instance = await environment.startInstance({
      MQTT_TLS_CERT_PATH: tlsFixture.certPath,
      MQTT_TLS_KEY_PATH: tlsFixture.keyPath,
    });
    device = await provisionDevice(instance);
  });
  afterAll(async () => {
    await environment.close();
    await tlsFixture.remove();
  });

  const tlsUrl = () => `mqtts://127.0.0.1:${instance.running.mqtt.tlsPort ?? 0}`;

  it('the TLS listener accepts a device that trusts the test CA', async () => {
    const client = await connectDevice(tlsUrl(), device, { ca: tlsFixture.caPem });
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('the TLS listener refuses plain MQTT, and a client that does not trust its certificate', async () => {
    const plain = `mqtt://127.0.0.1:${instance.running.mqtt.tlsPort ?? 0}`;
    await expect(connectDevice(plain, device, { connectTimeout: 1500 })).rejects.toThrow();
    await expect(connectDevice(tlsUrl(), device, { rejectUnauthorized: true })).rejects.toThrow(
      /certificate/,
    );
  });

  it('a device connects over WebSocket on its own port', async () => {
    const url = `ws://127.0.0.1:${instance.running.mqtt.webSocketPort}/mqtt`;
    const client = await connectDevice(url, device);
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('mosquitto_sub, as the device, gets its retained desired state; mosquitto_pub telemetry reaches fan-out', async () => {
    await instance.api('PUT', `/devices/${device.deviceId}/desired`, { state: { setpoint: 19.5 } });
    const port = String(instance.running.mqtt.tcpPort);
    const login = [
      '-h',
      '127.0.0.1',
      '-p',
      port,
      '-V',
      'mqttv311',
      '-i',
      device.deviceId,
      '-u',
      device.deviceId,
    ];
    const desired = buildDeviceTopic('desired', device);
    const sub = await runMosquitto('mosquitto_sub', [
      ...login,
      '-P',
      device.secret,
      '-t',
      desired,
      '-C',
      '1',
      '-W',
      '5',
    ]);
    expect(sub.code).toBe(0);
    expect(JSON.parse(sub.stdout)).toMatchObject({ version: 1, state: { setpoint: 19.5 } });

    const fanout = await connectClient(instance.mqttUrl, {
      clientId: 'service:fanout',
      username: 'service:fanout',
      password: fanoutToken,
    });
    const seen = recordMessages(fanout);
    await fanout.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });
    const telemetry = buildDeviceTopic('telemetry', device);
    const message = JSON.stringify({ metrics: { temperature: 20.5 } });
    const pub = await runMosquitto('mosquitto_pub', [
      ...login,
      '-P',
      device.secret,
      '-t',
      telemetry,
      '-q',
      '1',
      '-m',
      message,
    ]);
    expect(pub.code).toBe(0);
    await seen.waitFor((received) => received.topic === telemetry);
    await fanout.endAsync();
  });

  it('mosquitto_pub with a wrong password is refused with "bad user name or password"', async () => {
    const port = String(instance.running.mqtt.tcpPort);
    const pub = await runMosquitto('mosquitto_pub', [
      ...['-h', '127.0.0.1', '-p', port, '-V', 'mqttv311', '-i', device.deviceId, '-u', device.deviceId],
      ...['-P', 'wrong', '-t', buildDeviceTopic('telemetry', device), '-m', '{}'],
    ]);
    expect(pub.code).not.toBe(0);
    expect(pub.stderr).toMatch(/bad user name or password/i);
  });
});
