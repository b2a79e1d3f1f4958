/** How the highest sustained rate is searched. */
export interface RateSearchOptions {
  /** First step's rate (msg/s, whole fleet). */
  readonly startRate: number;
  /** No step goes above this; a sustained step at it ends the search. */
  readonly maxRate: number;
  /** Each sustained step multiplies the rate by this until the first failure (e.g. 1.5). */
  readonly growthFactor: number;
  /** Steps halving the interval between the last sustained and the first failed rate (e.g. 1). */
  readonly bisections: number;
}

/** The search's state, step by step. */
export interface RateSearch {
  /** The rate of the next step, or undefined when the search is over. */
  nextRate(): number | undefined;
  /** Records the outcome of the step at `rate`. */
  record(rate: number, sustained: boolean): void;
  /** The highest sustained rate so far (undefined when none was). */
  highestSustained(): number | undefined;
}

/** Rounds a rate to two significant digits (1,000, 1,500, 2,300, 3,400, 5,100, 7,600, 11,000, ...). */
export function roundRate(rate: number): number {
  if (rate < 10) return Math.max(1, Math.round(rate));
  const unit = 10 ** (Math.floor(Math.log10(rate)) - 1);
  return Math.round(rate / unit) * unit;
}

/**
 * Grows the rate by `growthFactor` from `startRate` while steps are sustained (up to `maxRate`); after the
 * first failure, runs `bisections` steps between the last sustained rate (0 if none) and the lowest failed
 * one, each narrowing that interval; then ends.
 */
export function createRateSearch(options: RateSearchOptions): RateSearch {
  let lastGood: number | undefined;
  let firstBad: number | undefined;
  let bisectionsLeft = options.bisections;
  let started = false;
  // Growth from the start rate (start × factor^k), so rounding does not compound from step to step.
  let growthSteps = 0;

  const nextBisection = (bad: number): number | undefined => {
    const low = lastGood ?? 0;
    const middle = roundRate((low + bad) / 2);
    if (bisectionsLeft <= 0 || middle <= low || middle >= bad) return undefined;
    bisectionsLeft -= 1;
    return middle;
  };

  return {
    nextRate() {
      if (!started) {
        started = true;
        return Math.min(options.startRate, options.maxRate);
      }
      if (firstBad !== undefined) return nextBisection(firstBad);
      if (lastGood === undefined || lastGood >= options.maxRate) return undefined;
      growthSteps += 1;
      return Math.min(roundRate(options.startRate * options.growthFactor ** growthSteps), options.maxRate);
    },
    record(rate, sustained) {
      if (sustained) lastGood = Math.max(lastGood ?? 0, rate);
      else firstBad = Math.min(firstBad ?? Infinity, rate);
    },
    highestSustained: () => lastGood,
  };
}
