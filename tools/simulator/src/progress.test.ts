import { createProgressReporter, formatSummary } from './progress';
import type { SimulationProgress, SimulationSummary } from './run-simulation';

function progressAt(elapsedMs: number, published: number, phase: SimulationProgress['phase'] = 'running') {
  return {
    phase,
    elapsedMs,
    devices: 100,
    provisioned: 100,
    connected: 100,
    published,
    acknowledged: published,
    failed: 0,
    desiredReceived: 1,
    desiredApplied: 1,
    errorCount: 0,
  };
}

function captureOutput(isTTY: boolean) {
  const written: string[] = [];
  return { written, output: { isTTY, write: (text: string) => written.push(text) } };
}

describe('progress output', () => {
  it('on a terminal one line is rewritten every update, with the publish rate since the last one', () => {
    const { written, output } = captureOutput(true);
    const reporter = createProgressReporter(output);
    reporter.update(progressAt(1000, 0));
    reporter.update(progressAt(2000, 500));
    reporter.end();
    expect(written).toHaveLength(3);
    // Carriage return and "erase to end of line" (ANSI CSI K), then the line.
    expect(written[1]?.startsWith('\r\u001b[K')).toBe(true);
    expect(written[1]).toMatch(/published 500 \(500\/s\) \| acked 500 \| failed 0/);
    expect(written[2]).toBe('\n');
  });

  it('in a log a plain line comes every 5 s and at each phase change, not every second', () => {
    const { written, output } = captureOutput(false);
    const reporter = createProgressReporter(output);
    for (let second = 1; second <= 11; second += 1) reporter.update(progressAt(second * 1000, second * 100));
    reporter.update(progressAt(11_500, 1100, 'draining'));
    reporter.end();
    expect(written.map((line) => line.split(' ')[0])).toEqual(['running', 'running', 'running', 'draining']);
    expect(written.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
  });

  it('the summary table shows the counts, and the first errors with how many more there were', () => {
    const summary: SimulationSummary = {
      vendorId: 'demo',
      productId: 'thermostat',
      deviceIdPrefix: 'sim-abc',
      devices: 100,
      provisioned: 100,
      connected: 99,
      published: 15_000,
      acknowledged: 14_990,
      failed: 10,
      perKind: { reported: 7500, telemetry: 7500 },
      desiredReceived: 2,
      desiredApplied: 2,
      connectionLosses: 0,
      errorCount: 3,
      errors: ['sim-abc-0007: connecting: refused', 'sim-abc-0008: 10 publishes not acknowledged'],
      durationMs: 30_000,
      totalMs: 33_400,
      stoppedEarly: false,
    };
    const table = formatSummary(summary);
    expect(table).toMatch(/devices +100 asked, 100 provisioned, 99 connected/);
    expect(table).toMatch(/published +15,000 \(reported 7,500, telemetry 7,500\)/);
    expect(table).toMatch(/acknowledged +14,990/);
    expect(table).toMatch(/- sim-abc-0007: connecting: refused/);
    expect(table).toMatch(/\.\.\. and 1 more/);
  });
});
