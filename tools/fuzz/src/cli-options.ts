import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { readListOption, readNumberOption, UsageError, type CliRequest } from '@homeport/simulator';
import { inputFamilies, type InputFamily } from './inputs';

/** The platforms the fuzzer can run against. */
export const fuzzModes = ['embedded', 'distributed'] as const;
/** A platform to fuzz. */
export type FuzzMode = (typeof fuzzModes)[number];

/** Everything a run needs. */
export interface FuzzOptions {
  readonly modes: readonly FuzzMode[];
  /** Inputs per mode, over the families. */
  readonly inputs: number;
  readonly families: readonly InputFamily[];
  readonly seed: number;
  readonly devices: number;
  readonly innocentRatePerSecond: number;
  readonly outDir: string;
  /** A crash file to replay instead of fuzzing. */
  readonly replayFile?: string;
}

/** The --help text. */
export const usage = `Usage: npm run fuzz -- [options]

Sends hostile inputs to Homeport while innocent simulated devices report: raw MQTT packets (valid, mutated,
random; unauthenticated and as a logged-in device), hostile payloads on every device topic of a logged-in
device, and requests to every HTTP route of the OpenAPI documents. Reports inputs tried, crashes, unexpected
5xx, and whether every innocent device kept working and has the state it reported. Exit code 1 on a finding.

  --inputs N          inputs per mode (default 10000): 35% MQTT packets, 40% device payloads, 25% HTTP
  --modes LIST        embedded,distributed (default: both)
  --families LIST     mqtt-packet,device-payload,http (default: all three), e.g. to fuzz the others while
                      a crash of one family is being fixed
  --seed N            the same seed sends the same inputs (default: random, printed)
  --devices N         innocent simulated thermostats (default 100)
  --innocent-rate R   messages per second of each innocent device (default 1)
  --out DIR           where crash files go (default fuzz-results)
  --replay FILE       send a crash file's inputs one at a time to a fresh platform of its mode, and say
                      which one kills it
  --help
`;

const readCount = (name: string, text: string | undefined, fallback: number, min: number) =>
  readNumberOption(name, text, fallback, { min, integer: true });

/** Parses the arguments; throws UsageError naming what is wrong. */
export function parseCli(args: readonly string[]): CliRequest<FuzzOptions> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      options: {
        ...{ inputs: { type: 'string' }, modes: { type: 'string' }, families: { type: 'string' } },
        ...{ seed: { type: 'string' } },
        ...{ devices: { type: 'string' }, 'innocent-rate': { type: 'string' }, out: { type: 'string' } },
        ...{ replay: { type: 'string' }, help: { type: 'boolean' } },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { kind: 'help' };
  return {
    kind: 'run',
    options: {
      modes: readListOption('--modes', values.modes, fuzzModes),
      families: readListOption('--families', values.families, inputFamilies),
      inputs: readCount('--inputs', values.inputs, 10_000, 1),
      seed: readCount('--seed', values.seed, randomInt(2 ** 31 - 1), 0),
      devices: readCount('--devices', values.devices, 100, 1),
      innocentRatePerSecond: readCount('--innocent-rate', values['innocent-rate'], 1, 1),
      outDir: values.out ?? 'fuzz-results',
      ...(values.replay === undefined ? {} : { replayFile: values.replay }),
    },
  };
}
