import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { embeddedPlatformTestEnv, startEmbeddedPlatformProcess } from '@homeport/testing';
import { processById } from '../process-sampler';
import { createStateWorkersProbe, readCounter } from '../probes/state-workers-probe';
import { provisionBenchDevices, type BenchTarget, type TargetOptions } from './target';

/** broker-api's per-device publish limit, raised so the bench measures throughput, not the limiter. */
export const unlimitedPublishRate = { MQTT_PUBLISH_RATE_PER_SECOND: '100000', MQTT_PUBLISH_BURST: '100000' };

/**
 * The embedded platform (every service in one process, on its embedded parts: PGlite, the in-process
 * queue, in-memory cache, SQL time series) on a fresh data directory, started as `npm start` runs it but
 * spawned directly so its pid is known; devices of the demo vendor and product.
 */
export async function startEmbedded(options: TargetOptions): Promise<BenchTarget> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'homeport-bench-'));
  const env = {
    ...embeddedPlatformTestEnv(dataDir),
    LOG_LEVEL: 'warn',
    ...unlimitedPublishRate,
    ...options.serviceEnv,
  };
  options.onStatus('starting the embedded platform');
  const running = await startEmbeddedPlatformProcess(env, { launcher: 'node' }).catch(
    async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    },
  );
  const close = async () => {
    await running.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const { platform } = running;
    const provisioned = await provisionBenchDevices(
      { url: platform.brokerApiUrl, token: platform.brokerApiToken, mqttUrl: platform.mqttUrl },
      { vendorId: platform.demoVendorId, productId: platform.demoProductId },
      options,
    );
    return {
      mqttUrl: platform.mqttUrl,
      devices: provisioned.devices,
      probe: createStateWorkersProbe([platform.stateWorkersUrl]),
      processes: [processById('homeport', running.pid)],
      setup: { platform: 'embedded (one process)', env },
      errors: provisioned.errors,
      readBrokerReceived: () => readCounter(platform.brokerApiUrl, 'mqtt_messages_received_total'),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
