import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** A process, or a group of processes of one server (postgres' backends), sampled under one name. */
export interface ProcessTarget {
  readonly name: string;
  /** True for a group: looked up by command name at every sample. */
  readonly byCommand: boolean;
  /** The pids right now. */
  readonly pids: (commands: ReadonlyMap<number, string>) => readonly number[];
}

/** One process (a Homeport service, the bench itself). */
export function processById(name: string, pid: number | (() => number | undefined)): ProcessTarget {
  return {
    name,
    byCommand: false,
    pids: () => {
      const current = typeof pid === 'function' ? pid() : pid;
      return current === undefined ? [] : [current];
    },
  };
}

/** Every process whose command (/proc/<pid>/comm) is one of `commands`, summed: a server. */
export function processesByCommand(name: string, commands: readonly string[]): ProcessTarget {
  return {
    name,
    byCommand: true,
    pids: (all) => [...all].filter(([, command]) => commands.includes(command)).map(([pid]) => pid),
  };
}

/** What a target has used up to now. */
export interface ProcessUsage {
  /** CPU seconds (user + system) its processes used since sampling began; new processes count whole. */
  readonly cpuSeconds: number;
  /** Resident memory now (VmRSS, summed over a group's processes). */
  readonly rssBytes: number;
  /** Processes found. */
  readonly processes: number;
}

/** Samples CPU time and memory of each target from /proc. */
export interface ProcessSampler {
  readonly names: readonly string[];
  sample(): Promise<ReadonlyMap<string, ProcessUsage>>;
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux unless built otherwise). */
function readClockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/**
 * Reads /proc/<pid>/stat (utime + stime) and /proc/<pid>/status (VmRSS) of every target's processes at
 * each `sample()`. A group's CPU time is the sum of each process's increase since it was first seen, so a
 * backend that exits takes nothing away; one that appears adds all its time (it began since).
 */
export function createProcessSampler(targets: readonly ProcessTarget[]): ProcessSampler {
  const ticksPerSecond = readClockTicks();
  const lastTicks = new Map<number, number>();
  const accumulated = new Map<string, number>();
  const commands = new Map<number, string>();
  let first = true;

  const sample = async (): Promise<ReadonlyMap<string, ProcessUsage>> => {
    if (targets.some((target) => target.byCommand)) await readNewCommands(commands);
    const usage = new Map<string, ProcessUsage>();
    for (const target of targets) {
      let cpuTicks = accumulated.get(target.name) ?? 0;
      let rssBytes = 0;
      let processes = 0;
      for (const pid of target.pids(commands)) {
        const reading = await readProcess(pid);
        if (reading === undefined) continue;
        const previous = lastTicks.get(pid);
        if (previous !== undefined) cpuTicks += Math.max(0, reading.ticks - previous);
        else if (!first) cpuTicks += reading.ticks;
        lastTicks.set(pid, reading.ticks);
        rssBytes += reading.rssBytes;
        processes += 1;
      }
      accumulated.set(target.name, cpuTicks);
      usage.set(target.name, { cpuSeconds: cpuTicks / ticksPerSecond, rssBytes, processes });
    }
    first = false;
    return usage;
  };
  return { names: targets.map((target) => target.name), sample };
}

/**
 * Keeps `commands` the command name of every process (empty on a system without /proc): the processes gone are
 * left out, and only those new since the last call are read. Reading every /proc/<pid>/comm cost 22 ms of the
 * bench process's CPU a sample with 88 processes, 3 ms now (issue 22, session 34): that process is counted in
 * the CPU a message.
 */
async function readNewCommands(commands: Map<number, string>): Promise<void> {
  const entries = await readdir('/proc').catch(() => []);
  const pids = new Set(entries.filter((entry) => /^\d+$/.test(entry)).map(Number));
  for (const pid of commands.keys()) if (!pids.has(pid)) commands.delete(pid);
  await Promise.all(
    [...pids]
      .filter((pid) => !commands.has(pid))
      .map(async (pid) => {
        const command = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined);
        if (command !== undefined) commands.set(pid, command.trim());
      }),
  );
}

/** CPU ticks (user + system) and resident memory of one process; undefined when it is gone. */
async function readProcess(pid: number): Promise<{ ticks: number; rssBytes: number } | undefined> {
  try {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/status`, 'utf8'),
    ]);
    // The command (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime: fields 14 and 15 of proc(5)
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    return { ticks, rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}
