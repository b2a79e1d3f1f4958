import { isValidId, type PlatformFile } from '@homeport/contracts';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultClaimCodesPath } from './claim-codes-file';
import { UsageError } from './command-line';
import { defaultPlatformFilePath, readPlatformFile } from './platform-file';
import type { SimulationOptions } from './run-simulation';

/** The CLI's help text. */
export const usage = `Usage: npm run simulate -- [options]

Provisions simulated thermostats through broker-api, connects them over MQTT, publishes reported state and
telemetry, applies desired state, and prints a summary. Exit code: 0 no errors, 1 errors, 2 bad arguments.

  --devices N          devices (default 10)
  --rate R             messages per second per device (default 1; broker-api allows 10 by default)
  --duration S         seconds of publishing (default 30; with --messages and no --duration: until done)
  --messages N         stop each device after N messages
  --vendor ID          vendor id (default: the platform file's demo vendor, else demo)
  --product ID         product id (default: the platform file's demo product, else thermostat)
  --prefix P           device id prefix (default sim-<random>, so reruns do not collide)
  --seed N             seed of the simulated values (default 0)
  --api-url URL        broker-api HTTP API    (else HOMEPORT_API_URL, else the platform file)
  --api-token TOKEN    its bearer token       (else HOMEPORT_API_TOKEN, else the platform file)
  --mqtt-url URL       device MQTT listener   (else HOMEPORT_MQTT_URL, else the platform file)
  --platform-file F    (else HOMEPORT_PLATFORM_FILE, else ${defaultPlatformFilePath}), written by the embedded platform
  --claim-codes FILE   where to write the devices' claim codes (default ${defaultClaimCodesPath})
  --json FILE          also write the summary as JSON to FILE
  --help               this text
`;

/** What the command line asks for. */
export type CliRequest =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'run';
      readonly simulation: SimulationOptions;
      readonly jsonFile?: string;
      /** Absolute path of the claim codes file. */
      readonly claimCodesFile: string;
    };

const optionsSpec = {
  devices: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  messages: { type: 'string' },
  vendor: { type: 'string' },
  product: { type: 'string' },
  prefix: { type: 'string' },
  seed: { type: 'string' },
  'api-url': { type: 'string' },
  'api-token': { type: 'string' },
  'mqtt-url': { type: 'string' },
  'platform-file': { type: 'string' },
  json: { type: 'string' },
  'claim-codes': { type: 'string' },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof optionsSpec }>>['values'];

function readNumber(
  values: Values,
  name: 'devices' | 'rate' | 'duration' | 'messages' | 'seed',
  rule: {
    integer: boolean;
    min: number;
    max: number;
  },
): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    (rule.integer && !Number.isInteger(value)) ||
    value < rule.min ||
    value > rule.max
  ) {
    const kind = rule.integer ? 'a whole number' : 'a number';
    throw new UsageError(`--${name} must be ${kind} from ${rule.min} to ${rule.max}, not "${text}"`);
  }
  return value;
}

function checkUrl(name: string, value: string, protocols: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${name} is not a URL: "${value}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new UsageError(
      `${name} must start with ${protocols.map((protocol) => `${protocol}//`).join(' or ')}: "${value}"`,
    );
  }
  return value;
}

function checkId(name: string, value: string): string {
  if (!isValidId(value)) throw new UsageError(`${name} "${value}" is not an id (letters, digits, _ and -)`);
  return value;
}

/** Connection settings: flags, else environment, else the platform file (read only when needed). */
async function resolveConnection(
  values: Values,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
) {
  let apiUrl = values['api-url'] ?? env.HOMEPORT_API_URL;
  let apiToken = values['api-token'] ?? env.HOMEPORT_API_TOKEN;
  let mqttUrl = values['mqtt-url'] ?? env.HOMEPORT_MQTT_URL;
  let platform: PlatformFile | undefined;
  if (apiUrl === undefined || apiToken === undefined || mqttUrl === undefined) {
    const path = resolve(
      cwd,
      values['platform-file'] ?? env.HOMEPORT_PLATFORM_FILE ?? defaultPlatformFilePath,
    );
    try {
      platform = await readPlatformFile(path);
    } catch (error) {
      const missing = [apiUrl ?? '--api-url', apiToken ?? '--api-token', mqttUrl ?? '--mqtt-url'].filter(
        (name) => name.startsWith('--'),
      );
      throw new UsageError(
        `${missing.join(', ')} not given (nor HOMEPORT_* variables), and ${(error as Error).message}`,
      );
    }
    apiUrl ??= platform.brokerApiUrl;
    apiToken ??= platform.brokerApiToken;
    mqttUrl ??= platform.mqttUrl;
  }
  return {
    apiUrl: checkUrl('--api-url', apiUrl, ['http:', 'https:']),
    apiToken,
    mqttUrl: checkUrl('--mqtt-url', mqttUrl, ['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:']),
    platform,
  };
}

/**
 * Reads the command line (`argv` without node and the script), the environment and, when connection settings
 * are missing, the platform file. Throws UsageError on anything wrong.
 */
export async function parseCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<CliRequest> {
  let values: Values;
  try {
    values = parseArgs({
      args: [...argv],
      options: optionsSpec,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) return { kind: 'help' };
  const shape = readRunShape(values);
  const connection = await resolveConnection(values, env, cwd);
  const simulation: SimulationOptions = {
    ...shape,
    apiUrl: connection.apiUrl,
    apiToken: connection.apiToken,
    mqttUrl: connection.mqttUrl,
    vendorId: checkId('--vendor', values.vendor ?? connection.platform?.demoVendorId ?? 'demo'),
    productId: checkId('--product', values.product ?? connection.platform?.demoProductId ?? 'thermostat'),
  };
  return {
    kind: 'run',
    simulation,
    claimCodesFile: resolve(cwd, values['claim-codes'] ?? defaultClaimCodesPath),
    ...(values.json === undefined ? {} : { jsonFile: values.json }),
  };
}

/** How many devices, how fast, how long: checked before anything is read or connected. */
function readRunShape(values: Values) {
  const messagesPerDevice = readNumber(values, 'messages', { integer: true, min: 1, max: 1e9 });
  const durationSeconds = readNumber(values, 'duration', { integer: false, min: 0.1, max: 7 * 24 * 3600 });
  const prefix = values.prefix ?? `sim-${randomBytes(3).toString('hex')}`;
  // The longest suffix buildDeviceIds adds for 100,000 devices: "-100000".
  if (!isValidId(`${prefix}-100000`)) {
    throw new UsageError(
      `--prefix "${prefix}" does not make ids (letters, digits, _ and -; at most 57 characters)`,
    );
  }
  const defaultDurationMs = messagesPerDevice === undefined ? 30_000 : Infinity;
  return {
    devices: readNumber(values, 'devices', { integer: true, min: 1, max: 100_000 }) ?? 10,
    deviceIdPrefix: prefix,
    ratePerSecond: readNumber(values, 'rate', { integer: false, min: 0.01, max: 1000 }) ?? 1,
    durationMs: durationSeconds === undefined ? defaultDurationMs : durationSeconds * 1000,
    seed: readNumber(values, 'seed', { integer: true, min: 0, max: 2 ** 32 - 1 }) ?? 0,
    ...(messagesPerDevice === undefined ? {} : { messagesPerDevice }),
  };
}
