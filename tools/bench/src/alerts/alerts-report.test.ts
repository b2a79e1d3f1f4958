import { summarizeHistogram } from '../latency';
import { formatAlertsStep, summarizeAlertsStep, type AlertsStepCounts } from './alerts-report';

// 1,000 events: 990 evaluated within 100 ms of their time, 10 within 250 ms.
const fastLag = { bounds: [0.1, 0.25, 1, Infinity], counts: [990, 1000, 1000, 1000] };

const counts: AlertsStepCounts = {
  rate: 2000,
  devices: 1000,
  rules: { home: 9990, vendor: 10 },
  windowMs: 20_000,
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

  it('prints one row of figures, the CPU of each process and the verdict', () => {
    const text = formatAlertsStep(summarizeAlertsStep(counts));
    expect(text).toContain('10,000 rules (9,990 home, 10 vendor) over 1,000 devices at 2,000 msg/s');
    expect(text).toMatch(/2,000 +1,950 .* ≤250 ms +50 µs +120 +80/);
    expect(text).toMatch(/upstream of alerts .*: p50 \d+ ms, p99 \d+ ms/);
    expect(text).toContain('CPU (% of one core): alerts 10, broker-api 25');
    expect(text).toContain('kept up: yes');
  });
});
