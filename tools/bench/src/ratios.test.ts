import { computeRatios } from './ratios';
import type { ModeName, ModeResult, StepResult } from './results';

function step(rate: number, p99Ms: number, judged = true): StepResult {
  return {
    label: judged ? 'step' : 'warm-up',
    rate,
    ...{ publishMs: 15_000, graceMs: 100, attempted: rate * 15, published: rate * 15, accepted: rate * 15 },
    ...{ failed: 0, processed: rate * 15, judged, sustained: judged, reasons: [], startedDrained: true },
    latency: {
      count: rate * 15,
      p50Ms: 1,
      p95Ms: 2,
      p99Ms,
      maxMs: 3,
      method: 'exact',
      maxBeyondBuckets: false,
    },
    processes: [],
    seconds: [],
  };
}

function mode(name: ModeName, highest: number | null, steps: StepResult[]): ModeResult {
  return {
    mode: name,
    setup: {},
    ...{ devicesAsked: 1000, devicesConnected: 1000, highestSustainedRate: highest, idle: null, steps },
    ...{ brokerReceived: null, errors: [] },
  };
}

describe('ratios to the baseline', () => {
  it("each Homeport mode's sustained rate and p99 at the rates both ran, over the baseline's", () => {
    const modes = [
      mode('baseline', 10_000, [step(1000, 5, false), step(1000, 5), step(5000, 10)]),
      mode('embedded', 2500, [step(1000, 50, false), step(1000, 50), step(2500, 400)]),
      mode('distributed', null, [step(5000, 2000)]),
    ];
    expect(computeRatios(modes)).toEqual([
      { mode: 'embedded', sustainedRate: 0.25, p99ByRate: { '1000': 10 } },
      { mode: 'distributed', sustainedRate: null, p99ByRate: { '5000': 200 } },
    ]);
  });

  it('without a baseline there is nothing to compare with', () => {
    expect(computeRatios([mode('embedded', 1000, [step(1000, 50)])])).toEqual([]);
  });
});
