import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sleep, waitFor } from '@homeport/testing';
import { findInspectorUrl, inspectOnFreePort } from './inspector-session';
import { createStepProfiler } from './step-profiler';
import type { CpuProfile } from './profile-summary';

// A Node process that keeps working (JSON round trips every millisecond), as a service under load does.
const busyScript =
  'setInterval(() => { for (let i = 0; i < 200; i++) JSON.parse(JSON.stringify({ i })); }, 1);';

function startNode(execArgv: string[]): ChildProcess {
  return spawn(process.execPath, [...execArgv, '-e', busyScript], { stdio: 'ignore' });
}

describe('the step profiler', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bench-profiles-'));
  });

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a CPU profile and its top entries for each process over the step it was started around', async () => {
    const child = startNode([inspectOnFreePort]);
    children.push(child);
    const pid = child.pid ?? -1;
    await waitFor(async () => (await findInspectorUrl(pid)) !== undefined, 'the inspector to listen');
    const profiler = await createStepProfiler(dir, [{ name: 'worker#1', pid }]);
    try {
      await profiler.start();
      await sleep(300); // the child works meanwhile
      const files = await profiler.stop('distributed-step 1');
      expect(files.map((file) => path.basename(file)).sort()).toEqual([
        'distributed-step_1-worker_1.cpuprofile',
        'distributed-step_1-worker_1.top.txt',
      ]);
      const profile = JSON.parse(
        await readFile(path.join(dir, 'distributed-step_1-worker_1.cpuprofile'), 'utf8'),
      ) as CpuProfile;
      expect(profile.samples.length).toBeGreaterThan(0);
      const top = await readFile(path.join(dir, 'distributed-step_1-worker_1.top.txt'), 'utf8');
      expect(top).toMatch(/^distributed-step 1, worker#1: \d+ samples, busy /);
    } finally {
      profiler.close();
    }
  });

  it('refuses a process started without an inspector, naming it', async () => {
    const child = startNode([]);
    children.push(child);
    await expect(createStepProfiler(dir, [{ name: 'broker-api#1', pid: child.pid ?? -1 }])).rejects.toThrow(
      /broker-api#1 \(pid \d+\) has no inspector/,
    );
  });
});
