import { parseArgs } from 'node:util';
import { readListOption, readNumberOption, UsageError, type CliRequest } from '@homeport/simulator';
import { faultKinds, type FaultKind } from './faults';
import type { ChaosOptions } from './run-chaos';

/** The --help text. */
export const usage = `Usage: npm run chaos -- [options]

Starts the distributed platform as processes (broker-api, fan-out replicas, state-workers) on this machine's
servers, with names of its own; simulated thermostats publish reported state and telemetry at QoS 1 while
faults are injected in turn; then it sets what the broker acknowledged (PUBACK) against what was stored.
Progress on stderr, the figures on stdout. Exit code: 0 nothing lost, 1 something lost, 2 bad arguments.

  --devices N           simulated thermostats, each its own MQTT connection (default 100)
  --rate R              messages per second, whole fleet (default 100)
  --faults LIST         processes,rabbitmq,postgres,redis-persisted,redis (default: processes; none: load
                        only). processes: kill -9 each Homeport process in turn and start it again; the
                        servers are restarted (as root), which every other user of them notices; redis
                        loses its data (no persistence, as here), redis-persisted keeps it (as production)
  --pause-seconds S     steady load before the first fault and after each (default 20)
  --outage-seconds S    how long a restarted server stays down (default 5)
  --drain-seconds S     at most this long, after publishing, for the last PUBACKs and storage (default 300)
  --fan-out-replicas N  fan-out processes (default 2; partitioned, max(2, N) partitions)
  --state-workers N     state-workers processes (default 2)
  --help
`;

/** The numeric options: default and smallest value; counts are rounded. */
const numbers = {
  devices: { fallback: 100, min: 1, count: true },
  rate: { fallback: 100, min: 1, count: false },
  'pause-seconds': { fallback: 20, min: 0, count: false },
  'outage-seconds': { fallback: 5, min: 0, count: false },
  'drain-seconds': { fallback: 300, min: 1, count: false },
  'fan-out-replicas': { fallback: 2, min: 1, count: true },
  'state-workers': { fallback: 2, min: 1, count: true },
} as const;
type NumberName = keyof typeof numbers;

/** Parses the arguments; throws UsageError naming what is wrong. */
export function parseCli(args: readonly string[]): CliRequest<ChaosOptions> {
  let values: Record<string, string | boolean | undefined>;
  try {
    const numberOptions = Object.fromEntries(
      Object.keys(numbers).map((name) => [name, { type: 'string' } as const]),
    );
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      options: { ...numberOptions, faults: { type: 'string' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { kind: 'help' };
  const read = (name: NumberName): number => {
    const { fallback, min, count } = numbers[name];
    const text = values[name];
    const value = readNumberOption(`--${name}`, typeof text === 'string' ? text : undefined, fallback, {
      min,
    });
    return count ? Math.round(value) : value;
  };
  return {
    kind: 'run',
    options: {
      devices: read('devices'),
      rate: read('rate'),
      faults: readFaults(typeof values.faults === 'string' ? values.faults : undefined),
      pauseMs: read('pause-seconds') * 1000,
      outageMs: read('outage-seconds') * 1000,
      drainMs: read('drain-seconds') * 1000,
      fanOutReplicas: read('fan-out-replicas'),
      stateWorkers: read('state-workers'),
    },
  };
}

function readFaults(text: string | undefined): FaultKind[] {
  if (text === undefined) return ['processes'];
  if (text.trim() === 'none') return [];
  // The canonical order, whatever the order asked: processes first, then the servers.
  return readListOption('--faults', text, faultKinds);
}
