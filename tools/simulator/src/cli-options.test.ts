import { platformFileExample } from '@homeport/contracts';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCli } from './cli-options';

const flags = [
  '--api-url',
  'http://api:8080',
  '--api-token',
  'flag-token',
  '--mqtt-url',
  'mqtt://broker:1883',
];

describe('the simulate command line', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'homeport-cli-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('without options it simulates 10 devices at 1 msg/s for 30 s with a random prefix', async () => {
    const request = await parseCli(flags, {}, directory);
    expect(request).toMatchObject({
      kind: 'run',
      simulation: {
        devices: 10,
        ratePerSecond: 1,
        durationMs: 30_000,
        vendorId: 'demo',
        productId: 'thermostat',
        apiUrl: 'http://api:8080',
        apiToken: 'flag-token',
        mqttUrl: 'mqtt://broker:1883',
      },
    });
    const again = await parseCli(flags, {}, directory);
    if (request.kind !== 'run' || again.kind !== 'run') throw new Error('not a run');
    expect(request.simulation.deviceIdPrefix).toMatch(/^sim-[0-9a-f]{6}$/);
    expect(again.simulation.deviceIdPrefix).not.toBe(request.simulation.deviceIdPrefix);
  });

  it('flags win over the environment, which wins over the platform file in .data/ of the current directory', async () => {
    await mkdir(join(directory, '.data'));
    await writeFile(join(directory, '.data', 'platform.json'), JSON.stringify(platformFileExample));
    const env = { HOMEPORT_API_TOKEN: 'env-token' };
    const request = await parseCli(['--mqtt-url', 'ws://broker:8083/mqtt'], env, directory);
    expect(request).toMatchObject({
      simulation: {
        apiUrl: platformFileExample.brokerApiUrl,
        apiToken: 'env-token',
        mqttUrl: 'ws://broker:8083/mqtt',
        vendorId: platformFileExample.demoVendorId,
        productId: platformFileExample.demoProductId,
      },
    });
  });

  it('with --messages and no --duration it runs until each device has sent that many', async () => {
    const request = await parseCli([...flags, '--messages', '20', '--json', 'out.json'], {}, directory);
    expect(request).toMatchObject({
      simulation: { messagesPerDevice: 20, durationMs: Infinity },
      jsonFile: 'out.json',
    });
  });

  it.each([
    [['--devices', '0'], /--devices must be a whole number from 1/],
    [['--rate', 'fast'], /--rate must be a number/],
    [['--duration=-1'], /--duration must be a number from 0.1/],
    [['--prefix', 'a/b'], /--prefix "a\/b" does not make ids/],
    [['--vendor', 'x y'], /--vendor "x y" is not an id/],
    [['--api-url', 'ftp://x'], /--api-url must start with http:\/\/ or https:\/\//],
    [['--colour', 'red'], /Unknown option '--colour'/],
  ])('%j is refused with a message that names the problem', async (args, message) => {
    await expect(parseCli([...flags, ...args], {}, directory)).rejects.toThrow(message);
  });

  it('when no connection settings are given and there is no platform file, the error says what to pass', async () => {
    await expect(parseCli([], {}, directory)).rejects.toThrow(
      /--api-url, --api-token, --mqtt-url not given .*no platform file at .*platform\.json: start the embedded platform/,
    );
  });

  it('--help asks for the help text, whatever else is given', async () => {
    await expect(parseCli(['--help', '--devices', 'x'], {}, directory)).resolves.toEqual({ kind: 'help' });
  });
});
