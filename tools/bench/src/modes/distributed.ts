import { defaultConsumeOptions } from '@homeport/messaging';
import { startDistributedPlatform } from '@homeport/testing';
import { processById, processesByCommand, type ProcessTarget } from '../process-sampler';
import { createStateWorkersProbe, readCounter } from '../probes/state-workers-probe';
import { unlimitedPublishRate } from './embedded';
import { buildServiceBundles } from './service-bundles';
import { createDeviceIdPrefix, provisionBenchDevices, type BenchTarget, type TargetOptions } from './target';

/** The servers the services use, each summed over its processes (postgres: one per connection). */
const servers: readonly ProcessTarget[] = [
  processesByCommand('postgres', ['postgres']),
  processesByCommand('redis', ['redis-server']),
  processesByCommand('rabbitmq', ['beam.smp']),
  processesByCommand('influxdb', ['influxd']),
];

/** The services of a distributed platform (`startDistributedPlatform`). */
const distributedServices = ['broker-api', 'fan-out', 'state-workers', 'public-api'];

/** Bundles the distributed platform's services (what their images run), unless `runSources`. */
export async function bundleDistributedServices(runSources: boolean, onStatus: (text: string) => void) {
  if (runSources) return undefined;
  onStatus('bundling the services');
  return buildServiceBundles(distributedServices);
}

/**
 * broker-api, fan-out, state-workers and public-api each as their own processes (`startDistributedPlatform`), against
 * this machine's PostgreSQL, Redis, RabbitMQ and InfluxDB; devices of a vendor of their own. Each runs its
 * bundle, as its image does, unless `runSources`: tsx's loader costs in steady state (it compiles aedes, an
 * ES module, with esbuild's keepNames: a defineProperty per inner function created, several per packet).
 */
export async function startDistributed(options: TargetOptions): Promise<BenchTarget> {
  const bundles = await bundleDistributedServices(options.runSources, options.onStatus);
  const running = await startDistributedPlatform({
    purpose: 'bench',
    env: { ...unlimitedPublishRate, ...options.serviceEnv },
    stateWorkers: options.stateWorkers,
    fanOutReplicas: options.fanOutReplicas,
    fanOutPartitions: options.fanOutPartitions,
    busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
    bundleName: bundles?.name,
    onStatus: options.onStatus,
  }).catch(async (error: unknown) => {
    await bundles?.remove();
    throw error;
  });
  const close = async () => {
    await running.close();
    await bundles?.remove();
  };
  try {
    const provisioned = await provisionBenchDevices(
      { ...running.brokerApi, mqttUrl: running.mqttUrl },
      { vendorId: createDeviceIdPrefix(), productId: 'thermostat' },
      options,
    );
    return {
      mqttUrl: running.mqttUrl,
      devices: provisioned.devices,
      probe: createStateWorkersProbe(running.stateWorkersUrls),
      processes: [...running.processes.map((process) => processById(process.label, process.pid)), ...servers],
      setup: running.setup,
      platform: { brokerApi: running.brokerApi, resources: running.resources },
      errors: provisioned.errors,
      readBrokerReceived: () => readCounter(running.brokerApi.url, 'mqtt_messages_received_total'),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
