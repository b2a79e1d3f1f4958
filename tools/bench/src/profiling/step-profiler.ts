import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findInspectorUrl, openInspectorSession, type InspectorSession } from './inspector-session';
import { formatProfileSummary, summarizeCpuProfile, type CpuProfile } from './profile-summary';

/** A Node process to profile, by its name in the bench's tables. */
export interface ProfiledProcess {
  readonly name: string;
  readonly pid: number;
}

/** Profiles every process over one step at a time (--profile-dir). */
export interface StepProfiler {
  /** Starts sampling in every process. */
  start(): Promise<void>;
  /**
   * Stops sampling; writes `<dir>/<step>-<process>.cpuprofile` (Chrome DevTools, speedscope) and
   * `<dir>/<step>-<process>.top.txt` (the top self-time entries). Returns the files written.
   */
  stop(step: string): Promise<string[]>;
  close(): void;
}

const samplingIntervalMicros = 1000;
const topEntries = 25;

/**
 * Connects to the inspector of each process (started with `inspectOnFreePort`). A profile covers exactly
 * the step it is started and stopped around, unlike --cpu-prof, which covers the process's whole life and
 * is written only if it exits in its own time.
 */
export async function createStepProfiler(
  dir: string,
  processes: readonly ProfiledProcess[],
): Promise<StepProfiler> {
  await mkdir(dir, { recursive: true });
  const sessions: { name: string; session: InspectorSession }[] = [];
  for (const { name, pid } of processes) {
    const url = await findInspectorUrl(pid);
    if (url === undefined) throw new Error(`${name} (pid ${pid}) has no inspector to profile it through`);
    const session = await openInspectorSession(url);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: samplingIntervalMicros });
    sessions.push({ name, session });
  }
  return {
    async start() {
      await Promise.all(sessions.map(({ session }) => session.send('Profiler.start')));
    },
    async stop(step) {
      const files = await Promise.all(
        sessions.map(async ({ name, session }) => {
          const { profile } = await session.send<{ profile: CpuProfile }>('Profiler.stop');
          const base = path.join(dir, `${toFileName(step)}-${toFileName(name)}`);
          await writeFile(`${base}.cpuprofile`, JSON.stringify(profile));
          const summary = summarizeCpuProfile(profile, topEntries);
          await writeFile(`${base}.top.txt`, `${formatProfileSummary(`${step}, ${name}`, summary)}\n`);
          return [`${base}.cpuprofile`, `${base}.top.txt`];
        }),
      );
      return files.flat();
    },
    close() {
      for (const { session } of sessions) session.close();
    },
  };
}

function toFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}
