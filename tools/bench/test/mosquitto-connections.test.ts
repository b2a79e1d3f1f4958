import { buildDeviceTopic, buildDeviceTopicFilter } from '@homeport/contracts';
import type { ProvisionedDevice } from '@homeport/simulator';
import { startMosquitto, waitFor } from '@homeport/testing';
import mqtt from 'mqtt';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { measureMosquittoConnections } from '../src/connections/mosquitto-connections';

const devices: ProvisionedDevice[] = Array.from({ length: 20 }, (_, index) => ({
  vendorId: 'bench-test',
  productId: 'thermostat',
  deviceId: `login-${process.pid}-${index}`,
  secret: `secret-${index}-${Math.random().toString(36).slice(2)}`,
}));

describe("the connections step's Mosquitto baseline", () => {
  it('a Mosquitto with logins refuses a wrong secret and lets each device read only its own topics', async () => {
    const [device, other] = devices as [ProvisionedDevice, ProvisionedDevice];
    const mosquitto = await startMosquitto({
      logins: {
        users: [device, other].map(({ deviceId, secret }) => ({ username: deviceId, password: secret })),
        aclPatterns: [`readwrite ${buildDeviceTopicFilter('telemetry', { deviceId: '%u' })}`],
      },
    });
    const connect = ({ deviceId }: ProvisionedDevice, password: string) =>
      mqtt.connectAsync(mosquitto.url, {
        clientId: deviceId,
        username: deviceId,
        password,
        reconnectPeriod: 0,
      });
    try {
      await expect(connect(device, 'wrong')).rejects.toThrow(/Not authorized|Bad username or password/);
      const [client, otherClient] = await Promise.all([
        connect(device, device.secret),
        connect(other, other.secret),
      ]);
      const received: string[] = [];
      client.on('message', (topic) => received.push(topic));
      await client.subscribeAsync(buildDeviceTopicFilter('telemetry'), { qos: 1 });
      await otherClient.publishAsync(buildDeviceTopic('telemetry', other), '{}', { qos: 1 });
      await client.publishAsync(buildDeviceTopic('telemetry', device), '{}', { qos: 1 });
      // Delivered in order on one broker: the other device's message would have come first.
      await waitFor(() => received.length > 0, 'its own message');
      expect(received).toEqual([buildDeviceTopic('telemetry', device)]);
      await Promise.all([client.endAsync(), otherClient.endAsync()]);
    } finally {
      await mosquitto.stop();
    }
  });

  it('the fleet connects and reconnects on it with the secrets it has on Homeport, every device subscribed', async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'bench-mosquitto-test-'));
    try {
      const figures = await measureMosquittoConnections(
        {
          host: '127.0.0.1',
          port: 0, // Mosquitto's, set by the baseline
          keepaliveSeconds: 60,
          localAddresses: ['127.0.0.1'],
          window: 5,
          publishIntervalSeconds: 60,
          devices,
        },
        workDir,
        false,
        () => undefined,
      );
      for (const phase of [figures.connect, figures.storm]) {
        expect(phase).toMatchObject({ attempted: 20, subscribed: 20, refused: {}, failed: 0 });
        expect(phase.connectsPerSecond).toBeGreaterThan(0);
      }
      expect(figures.rssBytes).toBeGreaterThan(0);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
