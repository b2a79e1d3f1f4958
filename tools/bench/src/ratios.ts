import type { BaselineRatios, ModeResult, StepResult } from './results';

const judgedP99ByRate = (steps: readonly StepResult[]) =>
  new Map(steps.filter((step) => step.judged).map((step) => [step.rate, step.latency.p99Ms]));

const divide = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined || b === 0
    ? null
    : Math.round((a / b) * 100) / 100;

/**
 * Each Homeport mode against the baseline of the same run: highest sustained rate / the baseline's, and
 * p99 / the baseline's p99 at every rate both judged a step at. Empty without a baseline.
 */
export function computeRatios(modes: readonly ModeResult[]): BaselineRatios[] {
  const baseline = modes.find((mode) => mode.mode === 'baseline');
  if (baseline === undefined) return [];
  const baselineP99 = judgedP99ByRate(baseline.steps);
  return modes
    .filter((mode) => mode.mode !== 'baseline')
    .map((mode) => {
      const p99ByRate: Record<string, number | null> = {};
      for (const [rate, p99] of judgedP99ByRate(mode.steps)) {
        if (baselineP99.has(rate)) p99ByRate[String(rate)] = divide(p99, baselineP99.get(rate));
      }
      return {
        mode: mode.mode,
        sustainedRate: divide(mode.highestSustainedRate, baseline.highestSustainedRate),
        p99ByRate,
      };
    });
}
