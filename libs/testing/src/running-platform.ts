import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PlatformFile } from '@homeport/contracts';
import type { AmqpTopologyExtras } from './amqp-topology';
import { createPipeline, type BrokerApiProcess, type Pipeline } from './pipeline';
import { brokerApiToken, fanOutSourceForBrokerApi, type PipelineResources } from './pipeline-env';
import { embeddedPlatformTestEnv, startEmbeddedPlatformProcess } from './platform-process';
import type { ServiceProcess } from './service-process';

/** One process of a running platform, watched by the tools (CPU and memory; did it die?). */
export interface PlatformProcess {
  readonly label: string;
  readonly pid: number;
  /** `exit code 1`, `signal SIGKILL`; undefined while it runs. */
  exitStatus(): string | undefined;
  /** Its last log lines. */
  logTail(): string;
}

/** A Homeport platform started by a tool (bench, fuzz): where devices and operators reach it. */
export interface RunningPlatform {
  readonly mqttUrl: string;
  readonly brokerApi: { readonly url: string; readonly token: string };
  /** Base URL of public-api (accounts, sessions, homes under /v1). */
  readonly publicApiUrl: string;
  /** Every HTTP server of the platform (/health, /ready, /metrics, /openapi.json), by service. */
  readonly httpServices: readonly { readonly name: string; readonly url: string }[];
  /** Every state-workers' base URL (/metrics: messages stored). */
  readonly stateWorkersUrls: readonly string[];
  readonly processes: readonly PlatformProcess[];
  /** What runs, for result files. */
  readonly setup: Readonly<Record<string, unknown>>;
  /** Stops every process and deletes its data (temp directory, databases, prefixes, AMQP names). */
  close(): Promise<void>;
}

/** The embedded platform with its `platform.json` (demo vendor and product). */
export interface RunningEmbeddedPlatform extends RunningPlatform {
  readonly platformFile: PlatformFile;
}

/** The distributed platform with the servers, databases and AMQP prefix its processes share. */
export interface RunningDistributedPlatform extends RunningPlatform {
  /** For a tool that starts another service on the same pipeline (the bench's alerts step). */
  readonly resources: PipelineResources;
}

/** Settings of both starters. */
export interface PlatformStartOptions {
  /** Extra environment of every Homeport process, after the defaults. */
  readonly env: Readonly<Record<string, string>>;
  /** Says what is happening while it starts. */
  readonly onStatus?: (text: string) => void;
}

/** How many of each distributed service, and how fan-out shares the stream. */
export interface DistributedStartOptions extends PlatformStartOptions {
  /** Names its databases, prefixes and AMQP names (e.g. `bench`). */
  readonly purpose: string;
  readonly stateWorkers: number;
  readonly fanOutReplicas: number;
  /** 1: fan-out's `single` subscription mode (unless several replicas); more: `partitioned`. */
  readonly fanOutPartitions: number;
  /** `defaultConsumeOptions.retryDelaysMs` of @homeport/messaging (see AmqpTopologyExtras). */
  readonly busRetryDelaysMs: AmqpTopologyExtras['busRetryDelaysMs'];
  /** Run the services' bundles of this name rather than their sources (`ServiceProcessOptions.bundleName`). */
  readonly bundleName?: string;
}

/**
 * The embedded platform (every service in one process, on its embedded parts) on a fresh temp data
 * directory, started as `npm start` runs it but spawned directly so its pid is the platform's own.
 */
export async function startEmbeddedPlatform(options: PlatformStartOptions): Promise<RunningEmbeddedPlatform> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'homeport-platform-'));
  const env = { ...embeddedPlatformTestEnv(dataDir), LOG_LEVEL: 'warn', ...options.env };
  options.onStatus?.('starting the embedded platform');
  const running = await startEmbeddedPlatformProcess(env, { launcher: 'node' }).catch(
    async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    },
  );
  const { platform } = running;
  const { publicApiUrl } = platform;
  if (publicApiUrl === undefined) {
    await running.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw new Error('the embedded platform wrote no publicApiUrl in platform.json');
  }
  return {
    mqttUrl: platform.mqttUrl,
    brokerApi: { url: platform.brokerApiUrl, token: platform.brokerApiToken },
    publicApiUrl,
    httpServices: [
      { name: 'broker-api', url: platform.brokerApiUrl },
      { name: 'fan-out', url: platform.fanOutUrl },
      { name: 'state-workers', url: platform.stateWorkersUrl },
      { name: 'public-api', url: publicApiUrl },
    ],
    stateWorkersUrls: [platform.stateWorkersUrl],
    processes: [
      {
        label: 'homeport',
        pid: running.pid,
        exitStatus: () => running.exitStatus(),
        logTail: () => running.output().slice(-20_000),
      },
    ],
    setup: { platform: 'embedded (one process)', env },
    platformFile: platform,
    async close() {
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** fan-out's source settings: one session (`single`) or partitions leased through Redis. */
function fanOutSource(mqttUrl: string, options: DistributedStartOptions): Record<string, string> {
  const partitioned = options.fanOutPartitions > 1 || options.fanOutReplicas > 1;
  const source = fanOutSourceForBrokerApi(mqttUrl, options.fanOutPartitions);
  return partitioned ? source : { ...source, SUBSCRIPTION_MODE: 'single' };
}

async function startServices(pipeline: Pipeline, options: DistributedStartOptions) {
  // LOG_LEVEL info: startServiceProcess waits for each service's "started" line.
  const broker = await pipeline.startBrokerApi(options.env);
  const workers: ServiceProcess[] = [];
  for (let index = 0; index < options.stateWorkers; index += 1) {
    workers.push(await pipeline.startStateWorkers(options.env));
  }
  const fanOuts: ServiceProcess[] = [];
  for (let index = 0; index < options.fanOutReplicas; index += 1) {
    fanOuts.push(await pipeline.startFanOut({ ...fanOutSource(broker.mqttUrl, options), ...options.env }));
  }
  const publicApi = await pipeline.startPublicApi(broker.url, options.env);
  await Promise.all(
    [broker, ...workers, ...fanOuts, publicApi].map((service) => service.waitForReady(60_000)),
  );
  return { broker, workers, fanOuts, publicApi };
}

function describeDistributed(
  broker: BrokerApiProcess,
  services: readonly ServiceProcess[],
  options: DistributedStartOptions,
) {
  return {
    platform: 'distributed (a process per service)',
    services: services.map((service) => service.options.label),
    fanOut: fanOutSource(broker.mqttUrl, options).SUBSCRIPTION_MODE,
    fanOutPartitions: options.fanOutPartitions,
    program: options.bundleName === undefined ? 'sources (tsx)' : 'bundles (dist/main.js)',
    serviceEnv: options.env,
  };
}

/**
 * broker-api, fan-out, state-workers and public-api each as their own processes, against this machine's PostgreSQL,
 * Redis, RabbitMQ and InfluxDB, on databases, key prefixes and AMQP names of their own (deleted by close).
 */
export async function startDistributedPlatform(
  options: DistributedStartOptions,
): Promise<RunningDistributedPlatform> {
  options.onStatus?.('creating databases and starting broker-api, fan-out, state-workers and public-api');
  const { busRetryDelaysMs, bundleName } = options;
  const pipeline = await createPipeline(options.purpose, { busRetryDelaysMs, bundleName });
  try {
    const { broker, workers, fanOuts, publicApi } = await startServices(pipeline, options);
    const services = [broker, ...fanOuts, ...workers, publicApi];
    return {
      mqttUrl: broker.mqttUrl,
      brokerApi: { url: broker.url, token: brokerApiToken },
      publicApiUrl: publicApi.url,
      httpServices: services.map((service) => ({ name: service.options.label, url: service.url })),
      stateWorkersUrls: workers.map((worker) => worker.url),
      processes: services.map((service) => ({
        label: service.options.label,
        pid: service.pid,
        exitStatus: () => service.exitStatus(),
        logTail: () => service.logTail(),
      })),
      setup: describeDistributed(broker, services, options),
      resources: pipeline.resources,
      close: () => pipeline.close(),
    };
  } catch (error) {
    await pipeline.close();
    throw error;
  }
}
