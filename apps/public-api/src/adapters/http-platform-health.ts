import type { DependencyHealth, ServiceHealth } from '@homeport/contracts';
import { runReadinessChecks, type ReadinessCheck } from '@homeport/http';
import {
  hasSamples,
  parseMetricSamples,
  sumSamples,
  type MetricSample,
  type Registry,
} from '@homeport/observability';
import type { PlatformHealth } from '../domain/operations';

/** A service whose `/ready` and `/metrics` are probed, at its internal address. */
export interface ProbedService {
  readonly name: string;
  readonly url: string;
}

const serviceNamePattern = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * The services of OPERATIONS_SERVICES (`name=url,name=url`, empty for none), or what is wrong with it: a
 * name that is not kebab-case or twice, an address that is not http(s).
 */
export function readProbedServices(text: string): { services: ProbedService[] } | { problem: string } {
  const services: ProbedService[] = [];
  for (const entry of text.split(',').filter((item) => item.trim() !== '')) {
    const [name = '', url = ''] = entry.trim().split(/=(.*)/s);
    if (!serviceNamePattern.test(name)) return { problem: `"${name}" is not a service name (kebab-case)` };
    if (services.some((service) => service.name === name)) return { problem: `${name} is listed twice` };
    if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
      return { problem: `${name}'s address "${url}" is not an http(s) URL` };
    }
    services.push({ name, url });
  }
  return { services };
}

/** What the probes need: the services to probe, and public-api itself (checked in process). */
export interface HttpPlatformHealthOptions {
  readonly services: readonly ProbedService[];
  /** Each probe's bound: a hung service is reported down (`timed out`) after it, never holding the page. */
  readonly timeoutMs: number;
  readonly self: {
    readonly name: string;
    readonly readinessChecks: Readonly<Record<string, ReadinessCheck>>;
    readonly metrics: Registry;
  };
}

/**
 * The counters of handled messages each service keeps (whichever a process has are summed): device messages
 * received (broker-api), forwarded (fan-out), stored (state-workers), events evaluated (alerts, analytics),
 * fixes (geofencing), notification requests (notifications).
 */
const messageCounters = [
  'mqtt_messages_received_total',
  'fan_out_messages_forwarded_total',
  'state_workers_messages_total',
  'alerts_events_total',
  'analytics_events_total',
  'geofencing_fixes_total',
  'notifications_requests_total',
];

/** The figures the page shows from a `/metrics` answer: each absent when the process has no such metric. */
function readFigures(samples: readonly MetricSample[]): Partial<ServiceHealth> {
  const figure = (names: readonly string[]) =>
    names.some((name) => hasSamples(samples, name))
      ? names.reduce((sum, name) => sum + sumSamples(samples, name), 0)
      : undefined;
  const memoryBytes = figure(['process_resident_memory_bytes']);
  const requestsServed = figure(['http_request_duration_seconds_count']);
  const messagesHandled = figure(messageCounters);
  return {
    ...(memoryBytes !== undefined && { memoryBytes }),
    ...(requestsServed !== undefined && { requestsServed }),
    ...(messagesHandled !== undefined && { messagesHandled }),
  };
}

/** A `/ready` answer's checks, as the service reported them (never its causes: the service logs those). */
function readDependencies(body: unknown): DependencyHealth[] {
  const checks = (body as { checks?: unknown } | undefined)?.checks;
  if (typeof checks !== 'object' || checks === null) return [];
  return Object.entries(checks as Record<string, { status?: unknown; reason?: unknown }>).map(
    ([name, check]) => ({
      name,
      status: check.status === 'up' ? 'up' : 'down',
      ...(typeof check.reason === 'string' && { reason: check.reason }),
    }),
  );
}

/** AbortSignal.timeout rejects with a DOMException named TimeoutError (not an Error instance under jest). */
function describeProbeFailure(error: unknown): string {
  return (error as { name?: unknown } | undefined)?.name === 'TimeoutError' ? 'timed out' : 'unreachable';
}

async function probeService(service: ProbedService, timeoutMs: number): Promise<ServiceHealth> {
  const get = (path: string) => fetch(new URL(path, service.url), { signal: AbortSignal.timeout(timeoutMs) });
  // Both at once: the page waits for the slower of the two, not their sum.
  const figuresRead = get('/metrics')
    .then(async (answer) => (answer.ok ? readFigures(parseMetricSamples(await answer.text())) : {}))
    .catch(() => ({}));
  try {
    const ready = await get('/ready');
    const dependencies = readDependencies(await ready.json().catch(() => undefined));
    const figures = await figuresRead;
    if (ready.ok) return { name: service.name, status: 'up', dependencies, ...figures };
    const reason = ready.status === 503 ? 'not ready' : `answered ${ready.status}`;
    return { name: service.name, status: 'down', reason, dependencies, ...figures };
  } catch (error) {
    return { name: service.name, status: 'down', reason: describeProbeFailure(error), dependencies: [] };
  }
}

/** public-api's own health: its readiness checks run here, its metrics read from its registry. */
async function checkSelf(self: HttpPlatformHealthOptions['self'], timeoutMs: number): Promise<ServiceHealth> {
  const report = await runReadinessChecks(self.readinessChecks, timeoutMs);
  const dependencies = Object.entries(report.checks).map(([name, check]) => ({ name, ...check }));
  const figures = readFigures(parseMetricSamples(await self.metrics.metrics()));
  return {
    name: self.name,
    status: report.ready ? 'up' : 'down',
    ...(!report.ready && { reason: 'not ready' }),
    dependencies,
    ...figures,
  };
}

/** Probes every service at once, each bounded by the timeout. */
export function createHttpPlatformHealth(options: HttpPlatformHealthOptions): PlatformHealth {
  return {
    read: () =>
      Promise.all([
        checkSelf(options.self, options.timeoutMs),
        ...options.services.map((service) => probeService(service, options.timeoutMs)),
      ]),
  };
}
