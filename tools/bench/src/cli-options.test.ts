import path from 'node:path';
import { UsageError } from '@homeport/simulator';
import { parseCli, type BenchOptions } from './cli-options';

function parseRun(args: string[]): BenchOptions {
  const request = parseCli(args, new Date('2026-05-01T12:30:00Z'));
  if (request.kind !== 'run') throw new Error('expected a run');
  return request.options;
}

describe('the bench command line', () => {
  it('without options: all three modes, baseline first, 1000 devices, a search from 1000 msg/s in 15 s steps', () => {
    expect(parseRun([])).toMatchObject({
      modes: ['baseline', 'embedded', 'distributed'],
      devices: 1000,
      fixedRate: undefined,
      startRate: 1000,
      stepMs: 15_000,
      graceMs: 5000,
      idleMs: 5000,
      jsonFile: 'bench-results/bench-2026-05-01T12-30-00.json',
    });
  });

  it('the distributed mode runs the services as their images do (bundles) unless --sources', () => {
    expect(parseRun([]).runSources).toBe(false);
    expect(parseRun(['--sources']).runSources).toBe(true);
  });

  it('the connections step runs the services as their images do (bundles) unless --sources', () => {
    expect(parseRun(['--steps', 'connections']).readSide?.runSources).toBe(false);
    expect(parseRun(['--steps', 'connections', '--sources']).readSide?.runSources).toBe(true);
  });

  it('--idle-seconds 0 leaves out the idle measurement before the steps', () => {
    expect(parseRun(['--idle-seconds', '0'])).toMatchObject({ idleMs: 0 });
  });

  it('--profile-dir with the modes profiles their steps into that directory, made absolute', () => {
    expect(parseRun(['--rate', '1000', '--profile-dir', 'prof']).profileDir).toBe(path.resolve('prof'));
    expect(parseRun([]).profileDir).toBeUndefined();
  });

  it('--rate with --duration is one fixed step of that length', () => {
    expect(parseRun(['--rate', '5000', '--duration', '30'])).toMatchObject({
      fixedRate: 5000,
      stepMs: 30_000,
    });
  });

  it('modes run in the canonical order whatever order they are given in', () => {
    expect(parseRun(['--modes', 'distributed,baseline']).modes).toEqual(['baseline', 'distributed']);
  });

  it('--steps alerts: 10,000 rules over 1,000 devices, a rate search from 2,300 msg/s, 20 s steps unless told otherwise', () => {
    expect(parseRun(['--steps', 'alerts']).readSide?.alerts).toEqual({
      devices: 1000,
      rate: undefined,
      search: { startRate: 2300, maxRate: 40_000, growthFactor: 1.5, bisections: 1 },
      seconds: 20,
      rules: 10_000,
      warmupSeconds: 3,
      catchUpSeconds: 60,
      serviceEnv: {},
      profileDir: undefined,
    });
    const told = [
      '--steps',
      'alerts',
      '--rate',
      '2000',
      '--seconds',
      '5',
      '--rules',
      '100',
      '--devices',
      '10',
    ];
    expect(parseRun([...told, '--env', 'PREFETCH=500']).readSide?.alerts).toMatchObject({
      devices: 10,
      rate: 2000,
      seconds: 5,
      rules: 100,
      serviceEnv: { PREFETCH: '500' },
    });
  });

  it('--steps runs the read side instead of the modes: the API step alone, 10 s per target by default', () => {
    expect(parseRun([]).readSide).toBeUndefined();
    expect(parseRun(['--steps', 'api']).readSide).toMatchObject({
      steps: ['api'],
      queries: 5,
      seconds: 10,
      profileDir: undefined,
      serviceEnv: {},
      connections: { devices: 20_000, restSeconds: 60, connectWindow: 1000 },
      geofencing: { phones: 1000, seconds: 60 },
    });
    expect(
      parseRun(['--steps', 'api,history', '--seconds', '5', '--profile-dir', '/tmp/p']).readSide,
    ).toMatchObject({
      steps: ['history', 'api'],
      queries: 5,
      seconds: 5,
      profileDir: '/tmp/p',
      serviceEnv: {},
      connections: { devices: 20_000, restSeconds: 60, connectWindow: 1000 },
      geofencing: { phones: 1000, seconds: 5 },
    });
    expect(
      parseRun([
        '--steps',
        'connections',
        '--devices',
        '500',
        '--rest-seconds',
        '5',
        '--connect-window',
        '50',
      ]).readSide,
    ).toMatchObject({
      steps: ['connections'],
      connections: { devices: 500, restSeconds: 5, connectWindow: 50 },
    });
    expect(parseRun(['--steps', 'geofencing', '--phones', '200', '--seconds', '30']).readSide).toMatchObject({
      steps: ['geofencing'],
      geofencing: { phones: 200, seconds: 30 },
    });
    expect(parseRun(['--steps', 'api', '--env', 'CALLER_CACHE_MAX_AGE_SECONDS=0']).readSide).toMatchObject({
      serviceEnv: { CALLER_CACHE_MAX_AGE_SECONDS: '0' },
    });
  });

  it('--steps vendor-devices: 100,000 devices of the vendor and 50 calls per query unless told otherwise', () => {
    expect(parseRun(['--steps', 'vendor-devices']).readSide?.vendorDevices).toEqual({
      devices: 100_000,
      otherDevices: 10_000,
      calls: 50,
      serviceEnv: {},
    });
    expect(
      parseRun(['--steps', 'vendor-devices', '--devices', '2000', '--calls', '5']).readSide?.vendorDevices,
    ).toMatchObject({ devices: 2000, calls: 5 });
  });

  it('--env settings reach every Homeport process', () => {
    expect(parseRun(['--env', 'PREFETCH=200', '--env', 'LOG_LEVEL=warn']).serviceEnv).toEqual({
      PREFETCH: '200',
      LOG_LEVEL: 'warn',
    });
  });

  it.each([
    [['--modes', 'kafka'], /--modes takes baseline, embedded, distributed/],
    [['--devices', 'many'], /--devices must be a number >= 1/],
    [['--rate', '5000', '--search'], /exclude each other/],
    [['--duration', '30'], /--duration goes with --rate/],
    [['--env', 'lower=1'], /--env takes KEY=VALUE/],
    [['--steps', 'writes'], /--steps takes history, api/],
    [['--unknown'], /Unknown option/],
  ])('%j is refused with a UsageError', (args, message) => {
    expect(() => parseCli(args)).toThrow(UsageError);
    expect(() => parseCli(args)).toThrow(message);
  });

  it('--help asks for the usage text', () => {
    expect(parseCli(['--help'])).toEqual({ kind: 'help' });
  });
});
