/** The thresholds of a sustained step. */
export const sustainedThresholds = {
  /** Nothing lost: processed within the grace period, of what the broker accepted. */
  minProcessedOfAccepted: 0.999,
  /** The step's p99 end-to-end latency stays under this. */
  maxP99Ms: 1000,
  /** The broker accepted (PUBACK) this share of what the schedule called for. */
  minAcceptedOfAttempted: 0.99,
} as const;

/** What a step did, as far as the rule needs. */
export interface StepFigures {
  /** Messages the schedule called for: rate × duration. */
  readonly attempted: number;
  readonly accepted: number;
  readonly processed: number;
  readonly p99Ms: number | null;
}

/** Whether a step was sustained, and why not. */
export interface StepVerdict {
  readonly sustained: boolean;
  /** Each broken condition, in words; empty when sustained. */
  readonly reasons: readonly string[];
}

const percent = (share: number) => `${(share * 100).toFixed(2)}%`;

/**
 * A step is sustained when processing kept up (processed ≥ 99.9% of accepted, within the grace period),
 * p99 < 1 s, and the broker accepted ≥ 99% of the attempted messages.
 */
export function judgeStep(figures: StepFigures): StepVerdict {
  const { attempted, accepted, processed, p99Ms } = figures;
  const thresholds = sustainedThresholds;
  const reasons: string[] = [];
  if (accepted < thresholds.minAcceptedOfAttempted * attempted) {
    const share = attempted === 0 ? 0 : accepted / attempted;
    reasons.push(`accepted ${accepted} of ${attempted} attempted (${percent(share)} < 99%)`);
  }
  if (processed < thresholds.minProcessedOfAccepted * accepted) {
    const share = accepted === 0 ? 0 : processed / accepted;
    reasons.push(`processed ${processed} of ${accepted} accepted (${percent(share)} < 99.9%)`);
  }
  if (p99Ms === null && processed === 0) reasons.push('nothing processed');
  else if (p99Ms !== null && p99Ms >= thresholds.maxP99Ms)
    reasons.push(`p99 ${Math.round(p99Ms)} ms >= 1000 ms`);
  return { sustained: reasons.length === 0, reasons };
}
