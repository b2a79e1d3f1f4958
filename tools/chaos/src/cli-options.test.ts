import { UsageError } from '@homeport/simulator';
import { parseCli } from './cli-options';
import type { ChaosOptions } from './run-chaos';

function parseRun(args: string[]): ChaosOptions {
  const request = parseCli(args);
  if (request.kind !== 'run') throw new Error('expected a run');
  return request.options;
}

describe('the chaos command line', () => {
  it('without options: 100 devices at 100 msg/s, process faults only (no shared server restarted)', () => {
    expect(parseRun([])).toEqual({
      devices: 100,
      rate: 100,
      faults: ['processes'],
      pauseMs: 20_000,
      outageMs: 5000,
      drainMs: 300_000,
      fanOutReplicas: 2,
      stateWorkers: 2,
    });
  });

  it('faults run in the canonical order, processes first, whatever order they are given in', () => {
    expect(parseRun(['--faults', 'redis,processes,rabbitmq']).faults).toEqual([
      'processes',
      'rabbitmq',
      'redis',
    ]);
  });

  it('--faults none is the load alone', () => {
    expect(parseRun(['--faults', 'none']).faults).toEqual([]);
  });

  it.each([
    [['--faults', 'processes,disk']],
    [['--devices', '0']],
    [['--rate', 'fast']],
    [['--pause-seconds', '-1']],
    [['--unknown']],
  ])('%j is refused with a usage error', (args) => {
    expect(() => parseCli(args)).toThrow(UsageError);
  });
});
