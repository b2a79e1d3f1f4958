import { deleteAmqpTopology, type AmqpTopologyExtras } from './amqp-topology';
import {
  createBrokerApiEnv,
  createFanOutEnv,
  createPublicApiEnv,
  createSigningKey,
  createStateWorkersEnv,
  serviceNodeFlags,
  type PipelineResources,
} from './pipeline-env';
import { readTestServerUrls } from './server-urls';
import { startServiceProcess, type ServiceProcess } from './service-process';
import { createTestDatabase } from './test-database';
import { createTestInfluxDatabase } from './test-influx-database';
import { createTestRedisPrefix } from './test-redis-prefix';
import { createUniqueName } from './unique-name';

/** broker-api as a process, with where its MQTT listener is. */
export interface BrokerApiProcess extends ServiceProcess {
  /** `mqtt://127.0.0.1:<port>` of its TCP listener. */
  readonly mqttUrl: string;
}

/** One pipeline: its own databases, prefixes and names, and the service processes started on them. */
export interface Pipeline {
  readonly resources: PipelineResources;
  /** Starts broker-api (env overrides the pipeline's settings). */
  startBrokerApi(env?: Record<string, string>): Promise<BrokerApiProcess>;
  /** Starts fan-out; `env` must name its source broker (MQTT_URL, ...). */
  startFanOut(env: Record<string, string>): Promise<ServiceProcess>;
  startStateWorkers(env?: Record<string, string>): Promise<ServiceProcess>;
  /**
   * Starts public-api on the broker-api at `brokerApiUrl` (it applies its migrations; every instance signs
   * with the pipeline's key).
   */
  startPublicApi(brokerApiUrl: string, env?: Record<string, string>): Promise<ServiceProcess>;
  /** Starts the same service again, with the same environment (after a kill, or beside it). */
  restart(service: ServiceProcess): Promise<ServiceProcess>;
  /** Stops every process, then drops the databases, keys and AMQP names (the extra queues too). */
  close(): Promise<void>;
}

/** Settings of `createPipeline`: what `close()` deletes of RabbitMQ besides the services' own names. */
export interface PipelineOptions extends AmqpTopologyExtras {
  /** Time each process has to start; default that of `startServiceProcess`. */
  readonly startTimeoutMs?: number;
  /** Run the services' bundles of this name rather than their sources (`ServiceProcessOptions.bundleName`). */
  readonly bundleName?: string;
}

/**
 * Creates a pipeline's databases (one per service), Redis prefixes, InfluxDB database and AMQP prefix, all
 * named after `purpose`; start the services (each its own process) with the returned functions.
 */
export async function createPipeline(purpose: string, options: PipelineOptions): Promise<Pipeline> {
  const [brokerDatabase, workersDatabase, publicApiDatabase, influx] = await Promise.all([
    createTestDatabase(`${purpose}_broker`),
    createTestDatabase(`${purpose}_workers`),
    createTestDatabase(`${purpose}_public_api`),
    createTestInfluxDatabase(purpose),
  ]);
  const redis = {
    broker: createTestRedisPrefix(`${purpose}_broker`),
    fanOut: createTestRedisPrefix(`${purpose}_fan_out`),
    workers: createTestRedisPrefix(`${purpose}_workers`),
    publicApi: createTestRedisPrefix(`${purpose}_public_api`),
  };
  const resources: PipelineResources = {
    urls: readTestServerUrls(),
    amqpPrefix: `${createUniqueName(purpose)}.`,
    brokerDatabase,
    workersDatabase,
    publicApiDatabase,
    influx,
    redisPrefixes: {
      broker: redis.broker.keyPrefix,
      fanOut: redis.fanOut.keyPrefix,
      workers: redis.workers.keyPrefix,
      publicApi: redis.publicApi.keyPrefix,
    },
  };
  const signingKey = createSigningKey(`${purpose}-1`);
  const processes = new Set<ServiceProcess>();
  const counters = new Map<string, number>();

  const start = async (service: string, env: Record<string, string>): Promise<ServiceProcess> => {
    const number = (counters.get(service) ?? 0) + 1;
    counters.set(service, number);
    const { startTimeoutMs, bundleName } = options;
    const started = await startServiceProcess({
      service,
      label: `${service}#${number}`,
      env,
      startTimeoutMs,
      nodeFlags: serviceNodeFlags[service],
      bundleName,
    });
    processes.add(started);
    return started;
  };

  return {
    resources,
    async startBrokerApi(env = {}) {
      const started = await start('broker-api', { ...createBrokerApiEnv(resources), ...env });
      const mqtt = started.startedLine.mqtt as { tcpPort?: unknown } | undefined;
      if (typeof mqtt?.tcpPort !== 'number') throw new Error('broker-api logged no MQTT port');
      return { ...started, mqttUrl: `mqtt://127.0.0.1:${mqtt.tcpPort}` };
    },
    startFanOut: (env) => start('fan-out', { ...createFanOutEnv(resources), ...env }),
    startStateWorkers: (env = {}) => start('state-workers', { ...createStateWorkersEnv(resources), ...env }),
    startPublicApi: (brokerApiUrl, env = {}) =>
      start('public-api', { ...createPublicApiEnv(resources, signingKey, brokerApiUrl), ...env }),
    restart: (service) => start(service.options.service, { ...service.options.env }),
    async close() {
      await Promise.all([...processes].map((service) => service.stop(3000)));
      await Promise.all([
        brokerDatabase.drop(),
        workersDatabase.drop(),
        publicApiDatabase.drop(),
        influx.drop(),
        ...Object.values(redis).map((prefix) => prefix.deleteKeys()),
        deleteAmqpTopology(resources.amqpPrefix, options),
      ]);
    },
  };
}
