import type { CumulativeHistogram } from '../histogram';
import type { LatencySummary } from '../latency';

/** How far processing is at one instant. */
export interface ProbeReading {
  /** Messages fully processed so far (cumulative). */
  readonly processed: number;
  /** Their end-to-end latency so far, cumulative buckets (seconds): cheap windows for the live line. */
  readonly latency: CumulativeHistogram;
  /** The same latency split into parts (a message type, or from the broker's receipt), where known. */
  readonly parts?: Readonly<Record<string, CumulativeHistogram>>;
}

/** Watches what the system under test has fully processed, and how late. */
export interface ProcessedProbe {
  read(): Promise<ProbeReading>;
  /** The latency of what was processed between two readings, as exactly as this probe knows it. */
  summarize(from: ProbeReading, to: ProbeReading): LatencySummary;
  /** The same, per part of `parts` (none when the probe has no parts). */
  summarizeParts?(from: ProbeReading, to: ProbeReading): Record<string, LatencySummary>;
  close(): Promise<void>;
}
