import { homeMemberArrivedV1, homeMemberLeftV1 } from '@homeport/contracts';
import { defaultConsumeOptions } from '@homeport/messaging';
import {
  createPipeline,
  listenForEvents,
  startGeofencingProcess,
  waitFor,
  type ServiceProcess,
} from '@homeport/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { subtractHistograms } from '../histogram';
import { summarizeHistogram, type LatencySummary } from '../latency';
import { parseMetricSamples, sumSamples } from '@homeport/observability';
import { readHistogram } from '../prometheus-histogram';
import { createProcessSampler, processById, processesByCommand } from '../process-sampler';
import {
  createPhoneFleet,
  defaultFleetSettings,
  expectedTransitions,
  fixAt,
  type FleetSettings,
  type Phone,
} from './phone-fleet';
import { seedPhoneOwners, type PhoneOwner } from './seed-phone-owners';

/** What `--steps geofencing` measured. */
export interface GeofencingFigures {
  readonly phones: number;
  readonly intervalMs: number;
  readonly seconds: number;
  /** Fixes posted in the measured rounds, answered 202, and evaluated by geofencing. */
  readonly fixesSent: number;
  readonly fixesAccepted: number;
  readonly fixesHandled: number;
  /** Fixes evaluated a second, from the first post to the last evaluation. */
  readonly fixesPerSecond: number;
  /** From public-api accepting a batch to geofencing's evaluation committed (its histogram). */
  readonly lag: LatencySummary;
  /** Member transitions heard on homeport.events in the measured rounds, and what the fleet should make. */
  readonly transitions: {
    readonly arrivals: number;
    readonly exits: number;
    readonly expectedArrivals: number;
    readonly expectedExits: number;
  };
  /** CPU time (user + system) per fix handled, µs, of each process (servers: all the machine's). */
  readonly cpuMicrosPerFix: Readonly<Record<string, number>>;
}

const lagMetric = 'geofencing_fix_lag_seconds';

/** One phone's post of one fix; resolves with the HTTP status (0: no answer). */
async function postFix(apiUrl: string, owner: PhoneOwner, fix: ReturnType<typeof fixAt>): Promise<number> {
  try {
    const answer = await fetch(`${apiUrl}/v1/account/location/fixes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ phone: 'Bench phone', fixes: [fix] }),
    });
    await answer.arrayBuffer();
    return answer.status;
  } catch {
    return 0;
  }
}

/** Each phone posts its `round`-th fix at its offset in the interval; resolves once every post is answered. */
async function runRound(
  apiUrl: string,
  fleet: readonly Phone[],
  owners: readonly PhoneOwner[],
  round: number,
  settings: FleetSettings,
): Promise<number[]> {
  const start = performance.now();
  return Promise.all(
    fleet.map(async (phone) => {
      const owner = owners[phone.index];
      if (owner === undefined) return 0;
      await sleep(Math.max(0, phone.offsetMs - (performance.now() - start)));
      return postFix(apiUrl, owner, fixAt(phone, round, settings, new Date()));
    }),
  );
}

/**
 * The geofencing step: public-api and geofencing as processes on this machine's servers, `phones` users each
 * with a home and a phone (seeded), a warm-up round (every phone arrives home), then `seconds` of a fix per
 * phone every 10 s through public-api's HTTP endpoint, some phones crossing their zone.
 */
export async function runGeofencingStep(
  options: {
    readonly phones: number;
    readonly seconds: number;
    readonly serviceEnv: Readonly<Record<string, string>>;
  },
  onStatus: (text: string) => void,
): Promise<GeofencingFigures> {
  const settings: FleetSettings = { ...defaultFleetSettings, phones: options.phones };
  const rounds = Math.max(1, Math.round((options.seconds * 1000) / settings.intervalMs));
  onStatus('geofencing: creating databases, starting public-api and geofencing');
  const pipeline = await createPipeline('bench_geo', {
    busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
  });
  let geofencing: Awaited<ReturnType<typeof startGeofencingProcess>> | undefined;
  try {
    // No broker-api: fixes never reach it (automations would; the homes have none).
    const publicApi = await pipeline.startPublicApi('http://127.0.0.1:9', { ...options.serviceEnv });
    const { amqpPrefix } = pipeline.resources;
    geofencing = await startGeofencingProcess('bench_geo', { amqpPrefix, env: { ...options.serviceEnv } });
    const service = geofencing.process;
    const fleet = createPhoneFleet(settings);
    onStatus(`geofencing: seeding ${settings.phones} users, homes and phone tokens`);
    const owners = await seedPhoneOwners(pipeline.resources.publicApiDatabase.url, fleet);
    const arrived = await listenForEvents(amqpPrefix, homeMemberArrivedV1);
    const left = await listenForEvents(amqpPrefix, homeMemberLeftV1);
    try {
      onStatus('geofencing: warm-up round (every phone arrives home)');
      await runRound(publicApi.url, fleet, owners, 0, settings);
      await waitForHandled(service, settings.phones, 60_000);
      await waitFor(
        () => arrived.events().length >= expectedTransitions(fleet, 0, 1, settings).arrivals,
        'arrivals',
        { timeoutMs: 30_000 },
      );
      return await measureRounds({
        publicApi,
        service,
        fleet,
        owners,
        rounds,
        settings,
        arrived,
        left,
        onStatus,
      });
    } finally {
      await Promise.all([arrived.close(), left.close()]);
    }
  } finally {
    await geofencing?.close();
    await pipeline.close();
  }
}

async function readMetrics(service: ServiceProcess) {
  return parseMetricSamples(await (await fetch(`${service.url}/metrics`)).text());
}

async function waitForHandled(service: ServiceProcess, fixes: number, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => (await service.readMetric('geofencing_fixes_total')) >= fixes,
    `${fixes} fixes evaluated`,
    {
      timeoutMs,
    },
  );
}

async function measureRounds(run: {
  readonly publicApi: ServiceProcess;
  readonly service: ServiceProcess;
  readonly fleet: readonly Phone[];
  readonly owners: readonly PhoneOwner[];
  readonly rounds: number;
  readonly settings: FleetSettings;
  readonly arrived: { events(): readonly unknown[] };
  readonly left: { events(): readonly unknown[] };
  readonly onStatus: (text: string) => void;
}): Promise<GeofencingFigures> {
  const { service, settings } = run;
  const sampler = createProcessSampler([
    processById('geofencing', service.pid),
    processById('public-api', run.publicApi.pid),
    processesByCommand('postgres', ['postgres']),
    processesByCommand('rabbitmq', ['beam.smp']),
  ]);
  const metricsBefore = await readMetrics(service);
  const handledBefore = sumSamples(metricsBefore, 'geofencing_fixes_total');
  const [arrivalsBefore, exitsBefore] = [run.arrived.events().length, run.left.events().length];
  const cpuBefore = await sampler.sample();
  const startedAt = performance.now();
  const statuses: number[] = [];
  for (let round = 1; round <= run.rounds; round += 1) {
    run.onStatus(
      `geofencing: round ${round}/${run.rounds} (${settings.phones} fixes over ${settings.intervalMs / 1000} s)`,
    );
    statuses.push(...(await runRound(run.publicApi.url, run.fleet, run.owners, round, settings)));
  }
  const accepted = statuses.filter((status) => status === 202).length;
  await waitForHandled(service, handledBefore + accepted, 60_000).catch(() => undefined);
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const cpuAfter = await sampler.sample();
  const metricsAfter = await readMetrics(service);
  const handled = sumSamples(metricsAfter, 'geofencing_fixes_total') - handledBefore;
  const expected = expectedTransitions(run.fleet, 1, run.rounds + 1, settings);
  // The outbox relay publishes the last events just after their evaluation.
  await waitFor(
    () =>
      run.arrived.events().length - arrivalsBefore >= expected.arrivals &&
      run.left.events().length - exitsBefore >= expected.exits,
    'the transitions published',
    { timeoutMs: 10_000 },
  ).catch(() => undefined);
  const cpuMicrosPerFix = Object.fromEntries(
    sampler.names.map((name) => {
      const used = (cpuAfter.get(name)?.cpuSeconds ?? 0) - (cpuBefore.get(name)?.cpuSeconds ?? 0);
      return [name, Math.round((used * 1e6) / Math.max(1, handled))];
    }),
  );
  return {
    phones: settings.phones,
    intervalMs: settings.intervalMs,
    seconds: (run.rounds * settings.intervalMs) / 1000,
    fixesSent: statuses.length,
    fixesAccepted: accepted,
    fixesHandled: handled,
    fixesPerSecond: handled / elapsedSeconds,
    lag: summarizeHistogram(
      subtractHistograms(readHistogram(metricsAfter, lagMetric), readHistogram(metricsBefore, lagMetric)),
    ),
    transitions: {
      arrivals: run.arrived.events().length - arrivalsBefore,
      exits: run.left.events().length - exitsBefore,
      expectedArrivals: expected.arrivals,
      expectedExits: expected.exits,
    },
    cpuMicrosPerFix,
  };
}
