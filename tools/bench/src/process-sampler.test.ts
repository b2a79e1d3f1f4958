import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createProcessSampler, processById, processesByCommand } from './process-sampler';

describe('process sampling from /proc', () => {
  it("this process's CPU time grows with work and its resident memory is read", async () => {
    const sampler = createProcessSampler([processById('self', process.pid)]);
    const first = (await sampler.sample()).get('self');
    // Burn 100 ms of CPU as the process itself counts it (wall time gives less on a loaded machine).
    const start = process.cpuUsage();
    while (cpuMillisecondsSince(start) < 100) Math.sqrt(Math.random());
    const second = (await sampler.sample()).get('self');
    expect(second?.processes).toBe(1);
    expect(second?.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect((second?.cpuSeconds ?? 0) - (first?.cpuSeconds ?? 0)).toBeGreaterThan(0.05);
  });

  it('a group is found by command name; a process that is gone counts nothing', async () => {
    const sampler = createProcessSampler([
      processesByCommand('nodes', ['node', 'jest', 'MainThread']),
      processById('gone', 2 ** 22 + 1),
    ]);
    const usage = await sampler.sample();
    expect(usage.get('nodes')?.processes).toBeGreaterThanOrEqual(1);
    expect(usage.get('gone')).toEqual({ cpuSeconds: 0, rssBytes: 0, processes: 0 });
  });
});

describe('a group followed over samples', () => {
  it('a process that starts after the first sample is found at the next, and one that ends is not counted', async () => {
    // A command name of its own: a copy of sleep(1) (the name is the file's, at most 15 characters).
    const dir = await mkdtemp(path.join(tmpdir(), 'sampler-'));
    const command = `hp${String(process.pid % 100_000)}sleep`;
    await copyFile('/bin/sleep', path.join(dir, command));
    const sampler = createProcessSampler([processesByCommand('sleepers', [command])]);
    try {
      expect((await sampler.sample()).get('sleepers')?.processes).toBe(0);
      const child = spawn(path.join(dir, command), ['30'], { stdio: 'ignore' });
      await new Promise((resolve) => child.once('spawn', resolve));

      expect((await sampler.sample()).get('sleepers')?.processes).toBe(1);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
      expect((await sampler.sample()).get('sleepers')?.processes).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function cpuMillisecondsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}
