import { readFile } from 'node:fs/promises';
import os from 'node:os';

/** The machine's CPU time so far, all cores: busy (every process and the kernel) and all, in clock ticks. */
interface MachineCpu {
  readonly busyTicks: number;
  readonly totalTicks: number;
}

/** From /proc/stat's `cpu` line: busy is everything but idle and iowait. */
async function readMachineCpu(): Promise<MachineCpu> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0] ?? '';
  // user nice system idle iowait irq softirq steal (guest time is already in user and nice)
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busyTicks: total - idle, totalTicks: total };
}

/** One thread's time on a CPU and time runnable but waiting for one, so far (nanoseconds). */
interface ThreadSchedule {
  readonly onCpuNs: number;
  readonly waitingNs: number;
}

/**
 * A process's main thread (its tid is its pid) from /proc/<pid>/task/<pid>/schedstat (Linux 2.6.23+; the
 * kernel's schedstats): undefined where the file is missing. A Node process whose event loop never idles
 * is runnable all the time: on a CPU, or in a run queue behind other processes.
 */
async function readMainThreadSchedule(pid: number): Promise<ThreadSchedule | undefined> {
  const text = await readFile(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').catch(() => undefined);
  const [onCpuNs, waitingNs] = (text ?? '').trim().split(' ').map(Number);
  if (onCpuNs === undefined || waitingNs === undefined || Number.isNaN(waitingNs)) return undefined;
  return { onCpuNs, waitingNs };
}

/** Where CPU went over a window: the machine's, and one process's main thread's. */
export interface CpuContention {
  /** Every process's CPU, % of one core (up to 100 × cores). */
  readonly machineBusyPercent: number;
  readonly cores: number;
  /** The main thread ran this share of the window... */
  readonly mainThreadOnCpuPercent: number;
  /** ...and was runnable but waiting for a CPU this share (other processes had them). */
  readonly mainThreadWaitingPercent: number;
}

/**
 * Measures a window (`start`, then `stop` at its end): shows whether a process that is not at 100% of a
 * core is waiting for something (neither share near 100%) or for a CPU (on CPU + waiting near 100%, the
 * machine's cores full).
 */
export async function startCpuContention(pid: number) {
  const [machineBefore, threadBefore] = await Promise.all([readMachineCpu(), readMainThreadSchedule(pid)]);
  const startedAt = performance.now();
  return {
    async stop(): Promise<CpuContention> {
      const [machineAfter, threadAfter] = await Promise.all([readMachineCpu(), readMainThreadSchedule(pid)]);
      const windowNs = (performance.now() - startedAt) * 1e6;
      const cores = os.cpus().length;
      const busy = machineAfter.busyTicks - machineBefore.busyTicks;
      const total = machineAfter.totalTicks - machineBefore.totalTicks;
      const share = (ns: number) => Math.round((ns * 1000) / windowNs) / 10;
      return {
        machineBusyPercent: total > 0 ? Math.round((busy * 100 * cores * 10) / total) / 10 : 0,
        cores,
        mainThreadOnCpuPercent: share((threadAfter?.onCpuNs ?? 0) - (threadBefore?.onCpuNs ?? 0)),
        mainThreadWaitingPercent: share((threadAfter?.waitingNs ?? 0) - (threadBefore?.waitingNs ?? 0)),
      };
    },
  };
}
