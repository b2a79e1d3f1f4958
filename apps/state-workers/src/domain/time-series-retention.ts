import { rolledUpMeasurements, rollupWidths, toRollupMeasurement } from '@homeport/contracts';
import type { RetentionCut, RollupRange, TimeSeriesRollups } from './ports';

/** How many days each tier of the time series is kept; `undefined`: forever. */
export interface RetentionRule {
  readonly rawDays: number | undefined;
  readonly fiveMinuteDays: number | undefined;
  readonly hourlyDays: number | undefined;
}

/** The retention of every vendor: a default, and the vendors that differ from it. */
export interface RetentionRules {
  readonly defaults: RetentionRule;
  readonly vendors: Readonly<Record<string, RetentionRule>>;
}

const dayMs = 86_400_000;

/** The measurements of each tier, with the rule's days of that tier. */
const tiers: readonly {
  readonly measurements: readonly string[];
  readonly daysOf: (rule: RetentionRule) => number | undefined;
}[] = [
  { measurements: rolledUpMeasurements, daysOf: (rule) => rule.rawDays },
  {
    measurements: rolledUpMeasurements.map((one) => toRollupMeasurement(one, '5m')),
    daysOf: (rule) => rule.fiveMinuteDays,
  },
  {
    measurements: rolledUpMeasurements.map((one) => toRollupMeasurement(one, '1h')),
    daysOf: (rule) => rule.hourlyDays,
  },
];

/**
 * The deletions the rules mean at `nowMs`: per tier and measurement, one for the vendors without a rule of
 * their own (when the default is not forever), one per vendor with a rule (when theirs is not forever).
 */
export function planRetentionCuts(rules: RetentionRules, nowMs: number): RetentionCut[] {
  const overridden = Object.keys(rules.vendors).sort();
  const cuts: RetentionCut[] = [];
  for (const { measurements, daysOf } of tiers) {
    const keep = [
      { days: daysOf(rules.defaults), vendors: { except: overridden } },
      ...overridden.map((vendor) => ({
        days: daysOf(rules.vendors[vendor] as RetentionRule),
        vendors: { only: [vendor] },
      })),
    ];
    for (const { days, vendors } of keep) {
      if (days === undefined) continue;
      for (const measurement of measurements)
        cuts.push({ measurement, beforeMs: nowMs - days * dayMs, vendors });
    }
  }
  return cuts;
}

/** Applies the rules at `nowMs`, one deletion at a time. */
export async function applyRetention(
  rollups: TimeSeriesRollups,
  rules: RetentionRules,
  nowMs: number,
): Promise<void> {
  for (const cut of planRetentionCuts(rules, nowMs)) await rollups.deleteBefore(cut);
}

/** The widest rollup: a range cut into pieces of whole multiples of it covers every bucket once. */
const widestRollupMs = Math.max(...rollupWidths.map((width) => width.widthMs));

/**
 * Rolls up [fromMs, toMs) in pieces of at most `pieceMs` (rounded to whole widest buckets), so that a
 * backfill of a year is many small statements rather than one the store may time out on.
 */
export async function rollUpRange(
  rollups: TimeSeriesRollups,
  range: { readonly fromMs: number; readonly toMs: number },
  pieceMs = 7 * dayMs,
): Promise<void> {
  const step = Math.max(1, Math.round(pieceMs / widestRollupMs)) * widestRollupMs;
  const firstMs = Math.floor(range.fromMs / widestRollupMs) * widestRollupMs;
  for (let fromMs = firstMs; fromMs < range.toMs; fromMs += step) {
    await rollups.rollUp({
      fromMs: Math.max(fromMs, range.fromMs),
      toMs: Math.min(fromMs + step, range.toMs),
    });
  }
}

const tierKeys = { raw: 'rawDays', '5m': 'fiveMinuteDays', '1h': 'hourlyDays' } as const;

/**
 * Reads per-vendor rules: `acme:raw=90,5m=730,1h=0;globex:raw=7` (days; 0 for rollups: forever; a tier not
 * named keeps the default). Resolves with the rules, or with the problems found (every one of them).
 */
export function parseVendorRetention(
  text: string,
  defaults: RetentionRule,
): { readonly vendors: Record<string, RetentionRule>; readonly problems: string[] } {
  const vendors: Record<string, RetentionRule> = {};
  const problems: string[] = [];
  for (const entry of text.split(';').filter((one) => one.trim() !== '')) {
    const [vendor = '', tiersText = ''] = entry.split(':').map((one) => one.trim());
    if (!/^[A-Za-z0-9_.-]+$/.test(vendor) || vendor in vendors) {
      problems.push(`"${entry}": a vendor id, once, then ":"`);
      continue;
    }
    const rule: { -readonly [K in keyof RetentionRule]: number | undefined } = { ...defaults };
    for (const pair of tiersText.split(',')) {
      const [tier = '', daysText = ''] = pair.split('=').map((one) => one.trim());
      const days = Number(daysText);
      const key = tierKeys[tier as keyof typeof tierKeys] as keyof RetentionRule | undefined;
      const least = tier === 'raw' ? 1 : 0;
      if (key === undefined || !/^\d+$/.test(daysText) || days < least) {
        problems.push(`"${entry}": "${pair}" is not raw=<days ≥ 1>, 5m=<days> or 1h=<days> (0: forever)`);
        continue;
      }
      rule[key] = days === 0 ? undefined : days;
    }
    vendors[vendor] = rule;
  }
  return { vendors, problems };
}

/** One statement of a rollup: a raw measurement into its rollup of a width, over whole buckets. */
export interface RollupStep {
  readonly measurement: string;
  readonly rollup: string;
  /** The narrower rollup this one is computed from (12x fewer points than raw), or undefined: the raw points. */
  readonly fromRollup: string | undefined;
  readonly widthMs: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** The widths from the narrowest: each is computed from the one before it, so that one goes first. */
export const rollupWidthsNarrowestFirst = [...rollupWidths].sort((a, b) => a.widthMs - b.widthMs);

/**
 * The steps that roll up [fromMs, toMs): every measurement and width (or the range's `widths`), over the
 * whole buckets it overlaps, the narrowest width first. A wider width is computed from the narrower
 * rollup over the same buckets (every width divides the next), so it is exact once those are up to date.
 */
export function listRollupSteps(range: RollupRange): RollupStep[] {
  if (range.fromMs >= range.toMs) return [];
  return rollupWidthsNarrowestFirst.flatMap(({ name, widthMs }, index) => {
    if (!(range.widths?.includes(name) ?? true)) return [];
    const narrower = rollupWidthsNarrowestFirst[index - 1];
    return rolledUpMeasurements.map((measurement) => ({
      measurement,
      rollup: toRollupMeasurement(measurement, name),
      fromRollup: narrower && toRollupMeasurement(measurement, narrower.name),
      widthMs,
      startMs: Math.floor(range.fromMs / widthMs) * widthMs,
      endMs: Math.ceil(range.toMs / widthMs) * widthMs,
    }));
  });
}
