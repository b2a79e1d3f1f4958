import { defaultConsumeOptions } from '@homeport/messaging';
import {
  brokerApiToken,
  createPipeline,
  fanOutSourceForBrokerApi,
  type Pipeline,
  type ServiceProcess,
} from '@homeport/testing';
import { processById, processesByCommand, type ProcessTarget } from '../process-sampler';
import { createStateWorkersProbe, readCounter } from '../probes/state-workers-probe';
import { unlimitedPublishRate } from './embedded';
import { createDeviceIdPrefix, provisionBenchDevices, type BenchTarget, type TargetOptions } from './target';

/** The servers the services use, each summed over its processes (postgres: one per connection). */
const servers: readonly ProcessTarget[] = [
  processesByCommand('postgres', ['postgres']),
  processesByCommand('redis', ['redis-server']),
  processesByCommand('rabbitmq', ['beam.smp']),
  processesByCommand('influxdb', ['influxd']),
];

/** fan-out's source settings: one session (`single`) or partitions leased through Redis. */
function fanOutSource(mqttUrl: string, options: TargetOptions): Record<string, string> {
  const partitioned = options.fanOutPartitions > 1 || options.fanOutReplicas > 1;
  const source = fanOutSourceForBrokerApi(mqttUrl, options.fanOutPartitions);
  return partitioned ? source : { ...source, SUBSCRIPTION_MODE: 'single' };
}

async function startServices(pipeline: Pipeline, options: TargetOptions) {
  // LOG_LEVEL info: startServiceProcess waits for each service's "started" line.
  const env = { ...unlimitedPublishRate, ...options.serviceEnv };
  const broker = await pipeline.startBrokerApi(env);
  const workers: ServiceProcess[] = [];
  for (let index = 0; index < options.stateWorkers; index += 1) {
    workers.push(await pipeline.startStateWorkers(env));
  }
  const fanOuts: ServiceProcess[] = [];
  for (let index = 0; index < options.fanOutReplicas; index += 1) {
    fanOuts.push(await pipeline.startFanOut({ ...fanOutSource(broker.mqttUrl, options), ...env }));
  }
  await Promise.all([broker, ...workers, ...fanOuts].map((service) => service.waitForReady(60_000)));
  return { broker, workers, fanOuts };
}

/**
 * broker-api, fan-out and state-workers each as their own processes, against this machine's PostgreSQL,
 * Redis, RabbitMQ and InfluxDB, on databases, key prefixes and AMQP names of their own (deleted at the
 * end); devices of a vendor of their own.
 */
export async function startDistributed(options: TargetOptions): Promise<BenchTarget> {
  options.onStatus('creating databases and starting broker-api, fan-out and state-workers');
  const pipeline = await createPipeline('bench', { busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs });
  try {
    const { broker, workers, fanOuts } = await startServices(pipeline, options);
    const vendorId = createDeviceIdPrefix();
    const provisioned = await provisionBenchDevices(
      { url: broker.url, token: brokerApiToken, mqttUrl: broker.mqttUrl },
      { vendorId, productId: 'thermostat' },
      options,
    );
    const services = [broker, ...fanOuts, ...workers];
    return {
      mqttUrl: broker.mqttUrl,
      devices: provisioned.devices,
      probe: createStateWorkersProbe(workers.map((worker) => worker.url)),
      processes: [...services.map((service) => processById(service.options.label, service.pid)), ...servers],
      setup: {
        platform: 'distributed (a process per service)',
        services: services.map((service) => service.options.label),
        fanOut: fanOutSource(broker.mqttUrl, options).SUBSCRIPTION_MODE,
        fanOutPartitions: options.fanOutPartitions,
        serviceEnv: options.serviceEnv,
      },
      errors: provisioned.errors,
      readBrokerReceived: () => readCounter(broker.url, 'mqtt_messages_received_total'),
      close: () => pipeline.close(),
    };
  } catch (error) {
    await pipeline.close();
    throw error;
  }
}
