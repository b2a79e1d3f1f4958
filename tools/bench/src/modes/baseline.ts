import { startMosquitto } from '@homeport/testing';
import { processById } from '../process-sampler';
import { startSubscriberProbe } from '../probes/subscriber-probe';
import { buildUnprovisionedDevices, type BenchTarget, type TargetOptions } from './target';

/**
 * Mosquitto alone, as the bound of what any MQTT ingest can do here: a private one on a free port with no
 * limit on in-flight (max_inflight_messages 0) or queued messages, so no QoS 1 message is held back or
 * dropped; "processed" is a subscriber on `#` at QoS 1 in the bench process.
 */
export async function startBaseline(options: TargetOptions): Promise<BenchTarget> {
  const mosquitto = await startMosquitto({ maxInflightMessages: 0 });
  try {
    const probe = await startSubscriberProbe(mosquitto.url);
    return {
      mqttUrl: mosquitto.url,
      devices: buildUnprovisionedDevices(options.devices, 'bench'),
      probe,
      processes: [processById('mosquitto', () => mosquitto.pid)],
      setup: { broker: 'mosquitto', url: mosquitto.url, subscriber: '# at QoS 1, in the bench process' },
      errors: [],
      async close() {
        await probe.close();
        await mosquitto.stop();
      },
    };
  } catch (error) {
    await mosquitto.stop();
    throw error;
  }
}
