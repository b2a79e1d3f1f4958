import { defaultConsumeOptions } from '@homeport/messaging';
import {
  brokerApiToken,
  createPipeline,
  fanOutSourceForBrokerApi,
  findFreePort,
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
  /** The label of the process in each slot, in start order: broker-api#1, fan-out#1, fan-out#2, ... */
  labels(): string[];
  /** SIGKILL to the process of a slot, then the same service started again and ready in it. */
  killAndRestart(slot: number): Promise<void>;
  /** Processes that exited without being killed by the run, and were started again (label: why). */
  readonly selfExits: readonly string[];
  /** Waits until every process answers /ready. */
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

/**
 * Starts broker-api, `fanOutReplicas` fan-out replicas sharing 2 partitions (as the e2e tests run them) and
 * `stateWorkers` state-workers, each its own process, on a pipeline of their own (databases, Redis prefixes,
 * AMQP names), with production retry delays for state-workers. Like an orchestrator it starts again any
 * process that exits by itself.
 */
export async function startChaosPlatform(shape: PlatformShape): Promise<ChaosPlatform> {
  const pipeline: Pipeline = await createPipeline('chaos', chaosPipelineCleanUp);
  const broker = await pipeline.startBrokerApi({ MQTT_PORT: String(await findFreePort()) });
  const partitions = Math.max(2, shape.fanOutReplicas);
  // The bus's own delays (1 s, 5 s, 30 s): a server away for seconds must not exhaust the retries.
  const workersEnv = { RETRY_DELAYS_MS: defaultConsumeOptions.retryDelaysMs.join(',') };
  const running: ServiceProcess[] = [
    broker,
    ...(await Promise.all(
      Array.from({ length: shape.fanOutReplicas }, () =>
        pipeline.startFanOut(fanOutSourceForBrokerApi(broker.mqttUrl, partitions)),
      ),
    )),
    ...(await Promise.all(
      Array.from({ length: shape.stateWorkers }, () => pipeline.startStateWorkers(workersEnv)),
    )),
  ];
  const selfExits: string[] = [];
  const restarting = new Set<string>();

  const replace = async (service: ServiceProcess): Promise<ServiceProcess> => {
    restarting.add(service.options.label);
    try {
      const started = await pipeline.restart(service);
      running[running.indexOf(service)] = started;
      await started.waitForReady(readyTimeoutMs);
      return started;
    } finally {
      restarting.delete(service.options.label);
    }
  };
  const supervisor = setInterval(() => {
    for (const service of running) {
      if (!service.hasExited() || restarting.has(service.options.label)) continue;
      selfExits.push(`${service.options.label}: ${lastLogLine(service)}`);
      void replace(service).catch((error: unknown) => {
        selfExits.push(`${service.options.label} could not be started again: ${String(error)}`);
      });
    }
  }, supervisionIntervalMs);

  return {
    resources: pipeline.resources,
    mqttUrl: broker.mqttUrl,
    apiUrl: broker.url,
    apiToken: brokerApiToken,
    labels: () => running.map((service) => service.options.label),
    selfExits,
    async killAndRestart(slot) {
      const service = running[slot];
      if (service === undefined) throw new Error(`no process in slot ${slot}`);
      restarting.add(service.options.label);
      try {
        await service.killHard();
        await replace(service);
      } finally {
        restarting.delete(service.options.label);
      }
    },
    async waitForReady(timeoutMs) {
      await Promise.all(running.map((service) => service.waitForReady(timeoutMs)));
    },
    async close() {
      clearInterval(supervisor);
      await pipeline.close();
    },
  };
}

function lastLogLine(service: ServiceProcess): string {
  const lines = service.logTail().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
