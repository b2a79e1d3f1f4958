import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlatformProcess } from '@homeport/testing';
import type { Crash } from './findings';
import type { FuzzInput } from './inputs';

/** A process found dead. */
export interface DeadProcess {
  readonly process: string;
  readonly exitStatus: string;
  readonly logTail: string;
}

/** Watches the platform's processes. */
export interface ProcessWatch {
  /** Looks now: the first process found dead, if any. */
  check(): DeadProcess | undefined;
  stop(): void;
}

/** Looks at every platform process each `intervalMs`; calls `onDeath` once, for the first one found dead. */
export function watchProcesses(
  processes: readonly PlatformProcess[],
  intervalMs: number,
  onDeath: (dead: DeadProcess) => void,
): ProcessWatch {
  let found: DeadProcess | undefined;
  const check = () => {
    if (found !== undefined) return found;
    for (const process of processes) {
      const exitStatus = process.exitStatus();
      if (exitStatus === undefined) continue;
      found = { process: process.label, exitStatus, logTail: process.logTail() };
      onDeath(found);
      break;
    }
    return found;
  };
  const timer = setInterval(check, intervalMs);
  return {
    check,
    stop: () => {
      clearInterval(timer);
    },
  };
}

/** The last inputs sent, with when, so a crash can be traced to them. */
export interface RecentInputs {
  add(input: FuzzInput): void;
  /** Inputs sent since `sinceMs` (epoch ms), oldest first. */
  since(sinceMs: number): FuzzInput[];
}

/** Keeps the last `capacity` inputs. */
export function createRecentInputs(capacity: number): RecentInputs {
  const entries: { input: FuzzInput; atMs: number }[] = [];
  return {
    add(input) {
      entries.push({ input, atMs: Date.now() });
      if (entries.length > capacity) entries.shift();
    },
    since: (sinceMs) => entries.filter((entry) => entry.atMs >= sinceMs).map((entry) => entry.input),
  };
}

/** What a crash file holds: enough to replay the inputs against a fresh platform (`--replay`). */
export interface CrashFile {
  readonly mode: string;
  readonly process: string;
  readonly exitStatus: string;
  readonly seed: number;
  readonly inputs: readonly FuzzInput[];
}

/** Saves the inputs sent before a death to `<outDir>/crash-<mode>-<time>.json`. */
export async function saveCrash(
  outDir: string,
  file: Omit<CrashFile, 'inputs'>,
  inputs: readonly FuzzInput[],
  logTail: string,
): Promise<Crash> {
  await mkdir(outDir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  const windowFile = path.join(outDir, `crash-${file.mode}-${stamp}.json`);
  await writeFile(windowFile, `${JSON.stringify({ ...file, inputs }, null, 1)}\n`);
  return {
    process: file.process,
    exitStatus: file.exitStatus,
    windowFile,
    windowSize: inputs.length,
    logTail,
  };
}
