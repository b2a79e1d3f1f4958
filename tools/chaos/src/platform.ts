import { defaultConsumeOptions } from '@homeport/messaging';
import {
  brokerApiToken,
  createPipeline,
  fanOutSourceForBrokerApi,
  findFreePort,
  requestJson,
  type Pipeline,
  type PipelineResources,
  type ServiceProcess,
} from '@homeport/testing';
import { chaosPipelineCleanUp } from './event-tap';

/** The distributed platform as processes, kept running the way an orchestrator would. */
export interface ChaosPlatform {
  readonly resources: PipelineResources;
  /** broker-api's device listener, on a fixed port so devices and fan-out reconnect to it after a restart. */
  readonly mqttUrl: string;
  readonly apiUrl: string;
  readonly apiToken: string;
  /** The label of the process in each slot, in start order: broker-api#1, fan-out#1, ..., public-api#1. */
  labels(): string[];
  /** SIGKILL to the process of a slot, then the same service started again and ready in it. */
  killAndRestart(slot: number): Promise<void>;
  /** Processes that exited without being killed by the run, and were started again (label: why). */
  readonly selfExits: readonly string[];
  /** Waits until every process answers /ready, and public-api logs in the user signed up at the start. */
  waitForReady(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Numbers of processes. */
export interface PlatformShape {
  readonly fanOutReplicas: number;
  readonly stateWorkers: number;
}

const readyTimeoutMs = 120_000;
const supervisionIntervalMs = 500;
const maxStartAttempts = 3;

/** The public-api user of a run, signed up at the start: its login proves public-api answers with its data. */
const chaosUser = { email: 'chaos-user@chaos.homeport.example', password: 'chaos run passphrase' };

async function callPublicApi(service: ServiceProcess, path: string, expected: number): Promise<void> {
  const answer = await requestJson(service.url, 'POST', path, { body: chaosUser });
  if (answer.status !== expected)
    throw new Error(`${service.options.label} answered ${answer.status} to POST ${path}`);
}

/**
 * Starts broker-api, `fanOutReplicas` fan-out replicas sharing 2 partitions (as the e2e tests run them),
 * `stateWorkers` state-workers and public-api (with a user signed up), each its own process, on a pipeline
 * of their own (databases, Redis prefixes, AMQP names), with production retry delays for state-workers. Like
 * an orchestrator it starts again any process that exits by itself.
 */
export async function startChaosPlatform(shape: PlatformShape): Promise<ChaosPlatform> {
  const pipeline: Pipeline = await createPipeline('chaos', chaosPipelineCleanUp);
  const running: ServiceProcess[] = [];
  let mqttUrl: string;
  let apiUrl: string;
  try {
    const broker = await startTried(async () =>
      pipeline.startBrokerApi({ MQTT_PORT: String(await findFreePort()) }),
    );
    [mqttUrl, apiUrl] = [broker.mqttUrl, broker.url];
    running.push(broker);
    const partitions = Math.max(2, shape.fanOutReplicas);
    for (let index = 0; index < shape.fanOutReplicas; index += 1)
      running.push(
        await startTried(() => pipeline.startFanOut(fanOutSourceForBrokerApi(mqttUrl, partitions))),
      );
    // The bus's own delays (1 s, 5 s, 30 s): a server away for seconds must not exhaust the retries.
    const workersEnv = { RETRY_DELAYS_MS: defaultConsumeOptions.retryDelaysMs.join(',') };
    for (let index = 0; index < shape.stateWorkers; index += 1)
      running.push(await startTried(() => pipeline.startStateWorkers(workersEnv)));
    const publicApi = await startTried(() => pipeline.startPublicApi(apiUrl));
    running.push(publicApi);
    await publicApi.waitForReady(readyTimeoutMs);
    await callPublicApi(publicApi, '/v1/account/sign-up', 202);
  } catch (error) {
    await pipeline.close();
    throw error;
  }
  const selfExits: string[] = [];
  /** Processes being replaced: the supervisor leaves them alone. */
  const restarting = new Set<ServiceProcess>();

  const replace = async (service: ServiceProcess): Promise<void> => {
    const slot = running.indexOf(service);
    const started = await startTried(() => pipeline.restart(service));
    running[slot] = started;
    await started.waitForReady(readyTimeoutMs);
  };
  const supervisor = setInterval(() => {
    for (const service of running) {
      if (!service.hasExited() || restarting.has(service)) continue;
      selfExits.push(`${service.options.label}: ${lastLogLine(service)}`);
      restarting.add(service);
      replace(service)
        .catch((error: unknown) => {
          selfExits.push(`${service.options.label} could not be started again: ${firstLine(error)}`);
        })
        .finally(() => restarting.delete(service));
    }
  }, supervisionIntervalMs);

  return {
    resources: pipeline.resources,
    mqttUrl,
    apiUrl,
    apiToken: brokerApiToken,
    labels: () => running.map((service) => service.options.label),
    selfExits,
    async killAndRestart(slot) {
      const service = running[slot];
      if (service === undefined) throw new Error(`no process in slot ${slot}`);
      restarting.add(service);
      try {
        await service.killHard();
        await replace(service);
      } finally {
        restarting.delete(service);
      }
    },
    async waitForReady(timeoutMs) {
      await Promise.all(running.map((service) => service.waitForReady(timeoutMs)));
      const publicApis = running.filter((service) => service.options.service === 'public-api');
      await Promise.all(publicApis.map((service) => callPublicApi(service, '/v1/sessions', 201)));
    },
    async close() {
      clearInterval(supervisor);
      await pipeline.close();
    },
  };
}

/** A start that times out on a busy machine is tried again, as an orchestrator would. */
async function startTried<T extends ServiceProcess>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= maxStartAttempts) throw error;
    }
  }
}

/** The first line of an error (a failed start carries the process's whole log tail). */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function lastLogLine(service: ServiceProcess): string {
  const lines = service.logTail().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
