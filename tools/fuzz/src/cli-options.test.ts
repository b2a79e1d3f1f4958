import { UsageError } from '@homeport/simulator';
import { parseCli } from './cli-options';

describe('the fuzzer command line', () => {
  it('with no options, fuzzes both modes with 10,000 inputs, 100 innocent devices and a random seed', () => {
    const request = parseCli([]);
    expect(request).toMatchObject({
      kind: 'run',
      options: {
        modes: ['embedded', 'distributed'],
        families: ['mqtt-packet', 'device-payload', 'http'],
        inputs: 10_000,
        devices: 100,
        outDir: 'fuzz-results',
      },
    });
  });

  it('takes the inputs, modes, seed and devices it is given', () => {
    const request = parseCli(['--inputs', '300', '--modes', 'embedded', '--seed', '7', '--devices', '20']);
    expect(request).toMatchObject({
      kind: 'run',
      options: { modes: ['embedded'], inputs: 300, seed: 7, devices: 20 },
    });
  });

  it('fuzzes only the families it is given, in their usual order', () => {
    expect(parseCli(['--families', 'http,mqtt-packet'])).toMatchObject({
      options: { families: ['mqtt-packet', 'http'] },
    });
  });

  it('refuses an unknown mode, a count that is not a positive integer and an unknown option', () => {
    expect(() => parseCli(['--modes', 'cloud'])).toThrow(UsageError);
    expect(() => parseCli(['--families', 'sql'])).toThrow(
      /--families takes mqtt-packet, device-payload, http/,
    );
    expect(() => parseCli(['--inputs', '0'])).toThrow(/--inputs must be an integer >= 1/);
    expect(() => parseCli(['--inputs', '1.5'])).toThrow(UsageError);
    expect(() => parseCli(['--speed', '3'])).toThrow(UsageError);
  });

  it('answers help to --help', () => {
    expect(parseCli(['--help'])).toEqual({ kind: 'help' });
  });
});
