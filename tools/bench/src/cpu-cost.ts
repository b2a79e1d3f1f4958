import type { ProcessFigures } from './results';

/** What a step cost the machine: every sampled process together, and per message offered. */
export interface CpuCost {
  /** Sum of the processes' average CPU, in % of one core (200% = both cores of a 2-core machine). */
  readonly totalPercent: number;
  /** CPU time per message at the step's rate, in µs: what one message costs across all processes. */
  readonly microsPerMessage: number;
}

/** Adds up the processes of a step and divides by its rate (messages a second). */
export function summarizeCpu(processes: readonly ProcessFigures[], rate: number): CpuCost {
  const totalPercent = processes.reduce((sum, process) => sum + process.cpuPercent, 0);
  // 1% of a core is 10,000 µs of CPU per second.
  return { totalPercent, microsPerMessage: rate > 0 ? (totalPercent * 10_000) / rate : 0 };
}
