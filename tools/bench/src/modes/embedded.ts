import { startEmbeddedPlatform } from '@homeport/testing';
import { processById } from '../process-sampler';
import { createStateWorkersProbe, readCounter } from '../probes/state-workers-probe';
import { provisionBenchDevices, type BenchTarget, type TargetOptions } from './target';

/** broker-api's per-device publish limit, raised so the bench measures throughput, not the limiter. */
export const unlimitedPublishRate = { MQTT_PUBLISH_RATE_PER_SECOND: '100000', MQTT_PUBLISH_BURST: '100000' };

/**
 * The embedded platform (every service in one process, on its embedded parts: PGlite, the in-process
 * queue, in-memory cache, SQL time series) on a fresh data directory (`startEmbeddedPlatform`); devices
 * of the demo vendor and product.
 */
export async function startEmbedded(options: TargetOptions): Promise<BenchTarget> {
  const running = await startEmbeddedPlatform({
    env: { ...unlimitedPublishRate, ...options.serviceEnv },
    onStatus: options.onStatus,
  });
  try {
    const { platformFile: platform } = running;
    const provisioned = await provisionBenchDevices(
      { url: platform.brokerApiUrl, token: platform.brokerApiToken, mqttUrl: platform.mqttUrl },
      { vendorId: platform.demoVendorId, productId: platform.demoProductId },
      options,
    );
    return {
      mqttUrl: platform.mqttUrl,
      devices: provisioned.devices,
      probe: createStateWorkersProbe(running.stateWorkersUrls),
      processes: running.processes.map((process) => processById(process.label, process.pid)),
      setup: running.setup,
      errors: provisioned.errors,
      readBrokerReceived: () => readCounter(platform.brokerApiUrl, 'mqtt_messages_received_total'),
      close: () => running.close(),
    };
  } catch (error) {
    await running.close();
    throw error;
  }
}
