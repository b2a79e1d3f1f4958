import {
  createTestDatabase,
  createTestInfluxDatabase,
  createTestRedisPrefix,
  createUniqueName,
  readTestServerUrls,
} from '@homeport/testing';
import { deleteAmqpTopology } from './amqp-topology';
import {
  createBrokerApiEnv,
  createFanOutEnv,
  createStateWorkersEnv,
  type PipelineResources,
} from './service-env';
import { startServiceProcess, type ServiceName, type ServiceProcess } from './service-process';

/** broker-api as a process, with where its MQTT listener is. */
export interface BrokerApiProcess extends ServiceProcess {
  /** `mqtt://127.0.0.1:<port>` of its TCP listener. */
  readonly mqttUrl: string;
}

/** One suite's pipeline: its own databases, prefixes and names, and the service processes started on them. */
export interface Pipeline {
  readonly resources: PipelineResources;
  /** Starts broker-api (env overrides the suite's settings). */
  startBrokerApi(env?: Record<string, string>): Promise<BrokerApiProcess>;
  /** Starts fan-out; `env` must name its source broker (MQTT_URL, ...). */
  startFanOut(env: Record<string, string>): Promise<ServiceProcess>;
  startStateWorkers(env?: Record<string, string>): Promise<ServiceProcess>;
  /** Starts the same service again, with the same environment (after a kill, or beside it). */
  restart(service: ServiceProcess): Promise<ServiceProcess>;
  /** Stops every process, then drops the databases, keys and AMQP names (the tests' queue too). */
  close(): Promise<void>;
}

/** Creates the suite's databases and names; start the services with the returned functions. */
export async function createPipeline(purpose: string): Promise<Pipeline> {
  const [brokerDatabase, workersDatabase, influx] = await Promise.all([
    createTestDatabase(`${purpose}_broker`),
    createTestDatabase(`${purpose}_workers`),
    createTestInfluxDatabase(purpose),
  ]);
  const redis = {
    broker: createTestRedisPrefix(`${purpose}_broker`),
    fanOut: createTestRedisPrefix(`${purpose}_fan_out`),
    workers: createTestRedisPrefix(`${purpose}_workers`),
  };
  const resources: PipelineResources = {
    urls: readTestServerUrls(),
    amqpPrefix: `${createUniqueName(purpose)}.`,
    brokerDatabase,
    workersDatabase,
    influx,
    redisPrefixes: {
      broker: redis.broker.keyPrefix,
      fanOut: redis.fanOut.keyPrefix,
      workers: redis.workers.keyPrefix,
    },
  };
  const processes = new Set<ServiceProcess>();
  const counters = new Map<ServiceName, number>();

  const start = async (service: ServiceName, env: Record<string, string>): Promise<ServiceProcess> => {
    const number = (counters.get(service) ?? 0) + 1;
    counters.set(service, number);
    const started = await startServiceProcess({ service, label: `${service}#${number}`, env });
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
    restart: (service) => start(service.options.service, { ...service.options.env }),
    async close() {
      await Promise.all([...processes].map((service) => service.stop(3000)));
      await Promise.all([
        brokerDatabase.drop(),
        workersDatabase.drop(),
        influx.drop(),
        ...Object.values(redis).map((prefix) => prefix.deleteKeys()),
        deleteAmqpTopology(resources.amqpPrefix),
      ]);
    },
  };
}
