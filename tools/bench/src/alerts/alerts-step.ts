import { alertFiredV1, alertResolvedV1 } from '@homeport/contracts';
import {
  alertsApiToken,
  startServiceWithDatabase,
  stateWorkersRetryDelaysMs,
  waitFor,
  type ServiceProcess,
  type ServiceWithDatabase,
} from '@homeport/testing';
import os from 'node:os';
import path from 'node:path';
import { connectGenerator, type LoadGenerator } from '../generator';
import { subtractHistograms, type CumulativeHistogram } from '../histogram';
import { startDistributed } from '../modes/distributed';
import type { ProbeReading, ProcessedProbe } from '../probes/probe';
import { createProcessSampler, processById, type ProcessSampler } from '../process-sampler';
import { parseMetricSamples, sumSamples } from '@homeport/observability';
import { readHistogram } from '../prometheus-histogram';
import { createRateSearch, type RateSearchOptions } from '../rate-search';
import {
  summarizeAlertsRun,
  summarizeAlertsStep,
  type AlertsRunResult,
  type AlertsStepResult,
} from './alerts-report';
import { createBenchRules, giveDevicesHomes, planRules } from './bench-rules';

/** What `--steps alerts` runs. */
export interface AlertsStepSettings {
  readonly devices: number;
  /**
   * Messages a second over the whole fleet (state and telemetry in turn): one step at this rate; undefined:
   * the rate search (`search`) for the pipeline's highest sustained rate with alerts beside it.
   */
  readonly rate: number | undefined;
  readonly search: RateSearchOptions;
  /** Publishing time of each step. */
  readonly seconds: number;
  readonly rules: number;
  /** An unmeasured first phase at the rate: each (rule, device) is written once when first seen. */
  readonly warmupSeconds: number;
  /** After publishing, how long alerts may take to evaluate what is queued. */
  readonly catchUpSeconds: number;
  readonly serviceEnv: Readonly<Record<string, string>>;
  /** Where the alerts process writes a CPU profile when it stops (--profile-dir). */
  readonly profileDir: string | undefined;
}

/** The steps' figures, what ran, and the machine's load around it (other work disturbs the figures). */
export type AlertsStepOutcome = AlertsRunResult & {
  readonly setup: Readonly<Record<string, unknown>>;
  readonly loadAverage: { readonly before: readonly number[]; readonly after: readonly number[] };
  readonly errors: readonly string[];
};

/** What is read at both ends of the measured window. */
interface Snapshot {
  readonly atMs: number;
  /** PUBACKs the fleet received so far. */
  readonly accepted: number;
  /** state-workers' reading: stored messages and their latency from the device. */
  readonly stored: ProbeReading;
  readonly ingested: number;
  readonly evaluated: number;
  readonly lag: CumulativeHistogram;
  readonly fired: number;
  readonly resolved: number;
  readonly cpuSeconds: ReadonlyMap<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The distributed platform (the bench's distributed mode: broker-api, fan-out, state-workers, public-api)
 * plus an alerts process on the same RabbitMQ prefix; `rules` rules over the devices through alerts' API; the
 * fleet publishing at `rate` for `seconds`. Measures ingest against evaluation, alerts' lag (its
 * alerts_event_age_seconds), its CPU per event, the alerts fired and resolved.
 */
export async function runAlertsStep(
  settings: AlertsStepSettings,
  onStatus: (text: string) => void,
): Promise<AlertsStepOutcome> {
  const before = os.loadavg();
  const target = await startDistributed({
    devices: settings.devices,
    serviceEnv: settings.serviceEnv,
    stateWorkers: 1,
    fanOutReplicas: 1,
    fanOutPartitions: 1,
    runSources: false,
    onStatus,
  });
  let alerts: ServiceWithDatabase | undefined;
  let generator: LoadGenerator | undefined;
  try {
    const { platform } = target;
    if (platform === undefined) throw new Error('the distributed mode did not say where its pipeline is');
    onStatus('alerts: starting');
    alerts = await startServiceWithDatabase('bench', 'alerts', (databaseUrl) => ({
      AMQP_URL: platform.resources.urls.amqpUrl,
      AMQP_NAME_PREFIX: platform.resources.amqpPrefix,
      DATABASE_URL: databaseUrl,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      ALERTS_API_TOKEN: alertsApiToken,
      BROKER_API_URL: platform.brokerApi.url,
      BROKER_API_TOKEN: platform.brokerApi.token,
      // The pipeline deletes the retry queues of these delays at the end.
      RETRY_DELAYS_MS: stateWorkersRetryDelaysMs.join(','),
      ...(settings.profileDir !== undefined && {
        NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(settings.profileDir)}`,
      }),
      ...settings.serviceEnv,
    }));
    const service = alerts.process;
    onStatus('alerts: giving the devices homes');
    const homeOf = await giveDevicesHomes(platform.brokerApi, target.devices);
    const plan = planRules(settings.rules);
    await createBenchRules(
      { url: service.url, token: alertsApiToken },
      target.devices,
      homeOf,
      plan,
      onStatus,
    );
    await waitFor(async () => (await service.readMetric('alerts_rules')) >= settings.rules, 'rules loaded', {
      timeoutMs: 60_000,
    });
    onStatus(`connecting ${target.devices.length} devices`);
    const fleet = await connectGenerator({ mqttUrl: target.mqttUrl, devices: target.devices });
    generator = fleet;
    const sampler = createProcessSampler([processById('alerts', service.pid), ...target.processes]);
    const snapshot = () => takeSnapshot(target.probe, service, sampler, fleet);
    await sampler.sample();
    // state-workers' count before the fleet's first message: what it stores of the fleet is counted from it.
    const ingestedBase = (await target.probe.read()).processed;
    const catchUp = () => waitForCatchUp(fleet, snapshot, settings.catchUpSeconds * 1000, ingestedBase);
    const search =
      settings.rate === undefined
        ? createRateSearch(settings.search)
        : createRateSearch({ ...settings.search, startRate: settings.rate, maxRate: settings.rate });
    const steps: AlertsStepResult[] = [];
    for (let rate = search.nextRate(); rate !== undefined; rate = search.nextRate()) {
      if (steps.length === 0 && settings.warmupSeconds > 0) {
        onStatus(`warm-up: ${rate} msg/s for ${settings.warmupSeconds} s`);
        await fleet.run(rate, settings.warmupSeconds * 1000);
        await catchUp();
      }
      const start = await snapshot();
      onStatus(`measuring: ${rate} msg/s for ${settings.seconds} s`);
      await fleet.run(rate, settings.seconds * 1000);
      onStatus('catching up');
      const caughtUp = await catchUp();
      const end = await snapshot();
      const step = summarizeAlertsStep({
        rate,
        devices: fleet.devices,
        rules: plan,
        windowMs: end.atMs - start.atMs,
        attempted: rate * settings.seconds,
        accepted: end.accepted - start.accepted,
        ingested: end.ingested - start.ingested,
        evaluated: end.evaluated - start.evaluated,
        lag: subtractHistograms(end.lag, start.lag),
        pipeline: target.probe.summarize(start.stored, end.stored),
        cpuSeconds: Object.fromEntries(
          [...end.cpuSeconds].map(([name, seconds]) => [name, seconds - (start.cpuSeconds.get(name) ?? 0)]),
        ),
        fired: end.fired - start.fired,
        resolved: end.resolved - start.resolved,
        caughtUp,
      });
      steps.push(step);
      search.record(rate, step.pipelineVerdict.sustained);
      onStatus(
        `${rate} msg/s: pipeline ${step.pipelineVerdict.sustained ? 'sustained' : 'not sustained'}, ` +
          `alerts ${step.keptUp ? 'kept up' : 'did not keep up'}`,
      );
    }
    return {
      ...summarizeAlertsRun(steps),
      setup: { ...target.setup, alerts: 'one process', rules: plan },
      loadAverage: { before, after: os.loadavg() },
      errors: [...target.errors, ...fleet.errors.first],
    };
  } finally {
    onStatus('stopping');
    await generator?.close(5000);
    await alerts?.close();
    await target.close();
  }
}

async function takeSnapshot(
  probe: ProcessedProbe,
  alerts: ServiceProcess,
  sampler: ProcessSampler,
  generator: LoadGenerator,
): Promise<Snapshot> {
  const [reading, metricsText, usage] = await Promise.all([
    probe.read(),
    fetch(`${alerts.url}/metrics`, { signal: AbortSignal.timeout(5000) }).then((answer) => answer.text()),
    sampler.sample(),
  ]);
  const samples = parseMetricSamples(metricsText);
  const published = (type: string) =>
    samples
      .filter((sample) => sample.name === 'alerts_events_published_total' && sample.labels.type === type)
      .reduce((sum, sample) => sum + sample.value, 0);
  return {
    atMs: performance.now(),
    accepted: generator.totals().accepted,
    stored: reading,
    ingested: reading.processed,
    evaluated: sumSamples(samples, 'alerts_events_total'),
    lag: readHistogram(samples, 'alerts_event_age_seconds'),
    fired: published(alertFiredV1.type),
    resolved: published(alertResolvedV1.type),
    cpuSeconds: new Map([...usage].map(([name, figures]) => [name, figures.cpuSeconds])),
  };
}

/** How long alerts' evaluated count must stand still to count as caught up. */
const stillMs = 3000;

/**
 * Waits until state-workers stored everything accepted (counted from `ingestedBase`, its count before the
 * generator's first message) and alerts' evaluated count stood still for `stillMs` (a second is not enough:
 * evaluations waiting for the database or a registry call can all stand still that long with a backlog
 * queued); false at the timeout.
 */
async function waitForCatchUp(
  generator: LoadGenerator,
  snapshot: () => Promise<Snapshot>,
  timeoutMs: number,
  ingestedBase: number,
): Promise<boolean> {
  const startedAt = performance.now();
  let last = await snapshot();
  let stillSinceMs = performance.now();
  while (performance.now() - startedAt < timeoutMs) {
    await sleep(1000);
    const next = await snapshot();
    const totals = generator.totals();
    const stored = totals.outstanding === 0 && next.ingested - ingestedBase >= totals.accepted;
    if (next.evaluated !== last.evaluated) stillSinceMs = performance.now();
    if (stored && performance.now() - stillSinceMs >= stillMs) return true;
    last = next;
  }
  return false;
}
