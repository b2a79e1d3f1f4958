import os from 'node:os';
import type { ReadSideSettings } from '../cli-options';
import { formatCount, formatMs, formatRatio, formatTable } from '../table';
import { runConnectionsStep, type ConnectionsFigures } from '../connections/connections-step';
import { formatConnections } from '../connections/connections-report';
import { formatAlertsRun } from '../alerts/alerts-report';
import { runAlertsStep, type AlertsStepOutcome } from '../alerts/alerts-step';
import { runApiStep, type ApiFigures } from './api-step';
import { runHistoryStep, type HistoryStoreFigures } from './history-step';
import { formatGeofencing } from '../geofencing/geofencing-report';
import { runGeofencingStep, type GeofencingFigures } from '../geofencing/geofencing-step';
import { formatVendorDevices } from '../vendor-devices/vendor-devices-report';
import { runVendorDevicesStep, type VendorDevicesFigures } from '../vendor-devices/vendor-devices-step';

/** The figures of the read side, and the machine's load around them (other work disturbs them). */
export interface ReadSideResult {
  readonly startedAt: string;
  readonly loadAverage: { readonly before: readonly number[]; readonly after: readonly number[] };
  readonly history?: HistoryStoreFigures[];
  readonly api?: ApiFigures[];
  readonly connections?: ConnectionsFigures;
  readonly geofencing?: GeofencingFigures;
  readonly alerts?: AlertsStepOutcome;
  readonly vendorDevices?: VendorDevicesFigures;
  /** The device read's requests/s over the hello-world's (issue 15's target: >= 0.5). */
  readonly apiRatioToHelloWorld?: number;
}

/** Runs the history and/or API steps. */
export async function runReadSide(
  settings: ReadSideSettings,
  onStatus: (text: string) => void,
): Promise<ReadSideResult> {
  const startedAt = new Date().toISOString();
  const before = os.loadavg();
  const history = settings.steps.includes('history')
    ? await runHistoryStep(settings.queries, onStatus)
    : undefined;
  const api = settings.steps.includes('api') ? await runApiStep(settings, onStatus) : undefined;
  const connections = settings.steps.includes('connections')
    ? await runConnectionsStep(settings, onStatus)
    : undefined;
  const geofencing = settings.steps.includes('geofencing')
    ? await runGeofencingStep({ ...settings.geofencing, serviceEnv: settings.serviceEnv }, onStatus)
    : undefined;
  const alerts = settings.steps.includes('alerts')
    ? await runAlertsStep(settings.alerts, onStatus)
    : undefined;
  const vendorDevices = settings.steps.includes('vendor-devices')
    ? await runVendorDevicesStep(settings.vendorDevices, onStatus)
    : undefined;
  const [helloWorld, deviceState] = api ?? [];
  return {
    startedAt,
    loadAverage: { before, after: os.loadavg() },
    ...(history !== undefined && { history }),
    ...(api !== undefined && { api }),
    ...(connections !== undefined && { connections }),
    ...(geofencing !== undefined && { geofencing }),
    ...(alerts !== undefined && { alerts }),
    ...(vendorDevices !== undefined && { vendorDevices }),
    ...(helloWorld !== undefined &&
      deviceState !== undefined && {
        apiRatioToHelloWorld: deviceState.requestsPerSecond / helloWorld.requestsPerSecond,
      }),
  };
}

const loads = (values: readonly number[]) => values.map((value) => value.toFixed(1)).join(' ');

/** The read side's tables as the bench prints them. */
export function formatReadSide(result: ReadSideResult): string {
  const parts: string[] = [];
  if (result.history !== undefined) {
    parts.push(
      'history: a year of one-minute data as <= 1,000 points, from raw points and from the hourly rollup',
      formatTable(
        [
          'store',
          'source',
          'points written',
          'write (both)',
          'roll up (both)',
          'raw query (median)',
          'rollup query (median)',
          'points returned (raw / rollup)',
          'largest difference',
        ],
        result.history.flatMap((store) =>
          (['telemetry', 'state'] as const).map((source) => [
            store.store,
            source,
            formatCount(store.pointsWritten),
            `${store.writeSeconds.toFixed(1)} s`,
            `${store.rollupSeconds.toFixed(1)} s`,
            formatMs(store[source].raw.medianQueryMs),
            formatMs(store[source].rollup.medianQueryMs),
            `${formatCount(store[source].raw.pointsReturned)} / ${formatCount(store[source].rollup.pointsReturned)}`,
            store[source].largestDifference.toExponential(1),
          ]),
        ),
      ),
    );
  }
  if (result.api !== undefined) {
    parts.push(
      'API step, 50 connections',
      formatTable(
        ['target', 'requests/s', 'p50', 'p99', 'non-2xx', 'errors'],
        result.api.map((figures) => [
          figures.target,
          formatCount(figures.requestsPerSecond),
          formatMs(figures.p50Ms),
          formatMs(figures.p99Ms),
          formatCount(figures.non2xx),
          formatCount(figures.errors),
        ]),
      ),
      `  device read / hello-world: ${formatRatio(result.apiRatioToHelloWorld ?? null)} (target >= 0.50)`,
      'CPU per request, µs (servers: every process of the machine, other work included)',
      formatCpuPerRequest(result.api),
    );
  }
  if (result.connections !== undefined) parts.push(formatConnections(result.connections));
  if (result.geofencing !== undefined) parts.push(formatGeofencing(result.geofencing));
  if (result.alerts !== undefined) parts.push(formatAlertsRun(result.alerts));
  if (result.vendorDevices !== undefined) parts.push(formatVendorDevices(result.vendorDevices));
  parts.push(
    `load average: ${loads(result.loadAverage.before)} before, ${loads(result.loadAverage.after)} after`,
  );
  return parts.join('\n');
}

/** One row per target, one column per process that served it (blank where it had no part). */
function formatCpuPerRequest(api: readonly ApiFigures[]): string {
  const names = [...new Set(api.flatMap((figures) => Object.keys(figures.cpuMicrosPerRequest)))];
  return formatTable(
    ['target', ...names, 'all'],
    api.map((figures) => {
      const used = figures.cpuMicrosPerRequest;
      const all = Object.values(used).reduce((sum, micros) => sum + micros, 0);
      const cell = (name: string) => (used[name] === undefined ? '' : formatCount(used[name]));
      return [figures.target, ...names.map(cell), formatCount(all)];
    }),
  );
}
