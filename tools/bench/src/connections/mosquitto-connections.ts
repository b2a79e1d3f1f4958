import { buildDeviceTopicFilter, deviceTopicKinds, directionOf } from '@homeport/contracts';
import { startMosquitto } from '@homeport/testing';
import { createProcessSampler, processById } from '../process-sampler';
import type { ConnectionLoadSettings, FleetConnectFigures } from './connection-load';
import { startGeneratorProcess } from './generator-process';

/** The same fleet's CONNECTs on a plain broker of this machine. */
export interface MosquittoConnectionsFigures {
  readonly connect: FleetConnectFigures;
  readonly storm: FleetConnectFigures;
  /** Mosquitto's CPU per accepted CONNECT over the storm (the closes included), µs. */
  readonly cpuMicrosPerConnect: number;
  /** Its resident memory with the whole fleet connected, bytes. */
  readonly rssBytes: number;
  /** The generator's CPU over the storm, % of one core: near 100, it was the limit. */
  readonly generatorCpuPercent: number;
}

/**
 * As broker-api allows a device: publishing to its own device-to-cloud topics, subscribing to its own
 * cloud-to-device ones (`%u`: its id, which is its MQTT username).
 */
const ownTopicsPatterns = deviceTopicKinds.flatMap((kind) => {
  const access = { deviceToCloud: 'write', cloudToDevice: 'read', brokerToCloud: undefined }[
    directionOf(kind)
  ];
  return access === undefined ? [] : [`${access} ${buildDeviceTopicFilter(kind, { deviceId: '%u' })}`];
});

/**
 * Loopback source addresses other than the platform's run's (127.0.0.2-9): its connections closed by the
 * generator stay in TIME_WAIT for a minute (about 40,000 of them after a 20,000-device run), and binding a
 * source port among them made the generator the limit: Mosquitto's storm at 1,155 CONNECTs/s with the
 * generator at 100 % of a core, against 4,100-5,600/s from these (tools/bench/README.md, session 39).
 */
const ownSourceAddresses = Array.from({ length: 8 }, (_, index) => `127.0.0.${index + 10}`);

/**
 * The baseline of the connections step: the fleet broker-api just carried, with the same credentials, on a
 * private Mosquitto (every device a login of its password file, hashed by mosquitto_passwd; ACL patterns
 * that give each device its own topics), driven by the same generator: its first connect and its reconnect storm. What a plain
 * broker's authenticated CONNECT costs on this machine, for scale: the figures of a slower or faster machine
 * move both.
 */
export async function measureMosquittoConnections(
  load: ConnectionLoadSettings,
  workDir: string,
  raiseLimit: boolean,
  onStatus: (text: string) => void,
): Promise<MosquittoConnectionsFigures> {
  onStatus(`Mosquitto: ${load.devices.length} logins`);
  const mosquitto = await startMosquitto({
    logins: {
      users: load.devices.map(({ deviceId, secret }) => ({ username: deviceId, password: secret })),
      aclPatterns: ownTopicsPatterns,
    },
  });
  try {
    const generator = await startGeneratorProcess(
      { ...load, port: mosquitto.port, localAddresses: ownSourceAddresses },
      workDir,
      raiseLimit,
    );
    try {
      const sampler = createProcessSampler([
        processById('mosquitto', () => mosquitto.pid),
        processById('generator', () => generator.pid),
      ]);
      onStatus(`Mosquitto: connecting ${load.devices.length} devices`);
      const connect = await generator.send<FleetConnectFigures>('connect');
      await generator.send('publish');
      const before = await sampler.sample();
      onStatus(`Mosquitto: reconnect storm: ${connect.subscribed} devices`);
      const storm = await generator.send<FleetConnectFigures>('reconnect');
      const after = await sampler.sample();
      await generator.send('stop');
      const cpuSeconds = (name: string) =>
        (after.get(name)?.cpuSeconds ?? 0) - (before.get(name)?.cpuSeconds ?? 0);
      return {
        connect,
        storm,
        cpuMicrosPerConnect: Math.round((cpuSeconds('mosquitto') * 1e6) / Math.max(1, storm.subscribed)),
        rssBytes: after.get('mosquitto')?.rssBytes ?? 0,
        generatorCpuPercent: Math.round((cpuSeconds('generator') * 1e5) / Math.max(1, storm.elapsedMs)),
      };
    } finally {
      await generator.close();
    }
  } finally {
    await mosquitto.stop();
  }
}
