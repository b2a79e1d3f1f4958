import { summarizeHistogram } from '../latency';
import {
  formatAlertsRun,
  summarizeAlertsRun,
  summarizeAlertsStep,
  type AlertsStepCounts,
} from './alerts-report';

// 1,000 events: 990 evaluated within 100 ms of their time, 10 within 250 ms.
const fastLag = { bounds: [0.1, 0.25, 1, Infinity], counts: [990, 1000, 1000, 1000] };

const counts: AlertsStepCounts = {
  rate: 2000,
  devices: 1000,
  rules: { home: 9990, vendor: 10 },
  windowMs: 20_000,
  attempted: 40_000,
  accepted: 40_000,
  ingested: 40_000,
  evaluated: 39_000,
  lag: fastLag,
  // Upstream of alerts: all 1,000 stored within 100 ms of the device's report.
  pipeline: summarizeHistogram({ bounds: [0.1, Infinity], counts: [1000, 1000] }),
  cpuSeconds: { alerts: 1.95, 'broker-api': 5 },
  fired: 120,
  resolved: 80,
  caughtUp: true,
};

describe('the alerts step summary', () => {
  it('gives rates over the window, CPU per event of the alerts process and each process in % of a core', () => {
    const result = summarizeAlertsStep(counts);
    expect(result).toMatchObject({
      ingestedPerSecond: 2000,
      evaluatedPerSecond: 1950,
      alertsCpuMicrosPerEvent: 50,
      cpuPercent: { alerts: 10, 'broker-api': 25 },
      keptUp: true,
      reasons: [],
    });
    expect(result.lag.p99Ms).toBeLessThanOrEqual(100);
  });

  it('does not keep up when the lag p99 reaches 1 s, and says why', () => {
    const slow = { bounds: [0.1, 1, 2.5, Infinity], counts: [100, 500, 1000, 1000] };
    const result = summarizeAlertsStep({ ...counts, lag: slow });
    expect(result.keptUp).toBe(false);
    expect(result.reasons).toEqual([expect.stringMatching(/^lag p99 .* >= 1,000 ms$/)]);
  });

  it('does not keep up when alerts was still evaluating at the end, or evaluated nothing', () => {
    expect(summarizeAlertsStep({ ...counts, caughtUp: false }).reasons).toEqual([
      'alerts was still evaluating when the catch-up time ran out',
    ]);
    const none = summarizeAlertsStep({
      ...counts,
      evaluated: 0,
      lag: { bounds: [Infinity], counts: [0] },
    });
    expect(none).toMatchObject({ keptUp: false, alertsCpuMicrosPerEvent: null });
    expect(none.reasons).toEqual(['no event was evaluated']);
  });

  it("judges the pipeline by the bench's sustained rule, alerts beside it", () => {
    expect(summarizeAlertsStep(counts).pipelineVerdict).toEqual({ sustained: true, reasons: [] });
    const slowUpstream = summarizeHistogram({ bounds: [0.1, 2.5, Infinity], counts: [500, 1000, 1000] });
    const late = summarizeAlertsStep({ ...counts, pipeline: slowUpstream });
    expect(late.pipelineVerdict.sustained).toBe(false);
    expect(late.pipelineVerdict.reasons).toEqual([expect.stringMatching(/^p99 \d+ ms >= 1000 ms$/)]);
    const refused = summarizeAlertsStep({ ...counts, accepted: 30_000, ingested: 30_000 });
    expect(refused.pipelineVerdict.reasons).toEqual([expect.stringMatching(/^accepted 30000 of 40000/)]);
  });

  it("gives the highest rate the pipeline sustained and alerts' verdict there, whatever the order", () => {
    const at = (rate: number, upstreamP99Seconds: number, lag = fastLag) =>
      summarizeAlertsStep({
        ...counts,
        rate,
        lag,
        pipeline: summarizeHistogram({
          bounds: [upstreamP99Seconds, Infinity],
          counts: [1000, 1000],
        }),
      });
    const slowLag = { bounds: [0.1, 1, 2.5, Infinity], counts: [100, 500, 1000, 1000] };
    const run = summarizeAlertsRun([at(2300, 0.1), at(5100, 2.5), at(3400, 0.25, slowLag)]);
    expect(run).toMatchObject({ highestSustained: 3400, keptUpAtHighest: false });
    expect(summarizeAlertsRun([at(5100, 2.5)])).toMatchObject({
      highestSustained: undefined,
      keptUpAtHighest: undefined,
    });
  });

  it('prints a row of figures per rate, the CPU of each process, the reasons and the conclusion', () => {
    const slow = { bounds: [0.1, 1, 2.5, Infinity], counts: [100, 500, 1000, 1000] };
    const text = formatAlertsRun(
      summarizeAlertsRun([
        summarizeAlertsStep(counts),
        summarizeAlertsStep({ ...counts, rate: 3000, lag: slow }),
      ]),
    );
    expect(text).toContain('10,000 rules (9,990 home, 10 vendor) over 1,000 devices');
    expect(text).toMatch(/2,000 +yes +\d+ ms +2,000 +1,950 .* ≤250 ms +50 µs +120 +80 +yes/);
    expect(text).toMatch(/3,000 +yes .* no$/m);
    expect(text).toContain('at 2,000: CPU (% of one core) alerts 10, broker-api 25\n');
    expect(text).toMatch(/at 3,000: CPU .*; lag p99 .* >= 1,000 ms/);
    expect(text).toContain(
      'highest sustained rate with alerts beside the pipeline: 3,000 msg/s; alerts kept up there (lag p99 < 1,000 ms): no',
    );
  });
});
