import { startCpuContention } from './cpu-contention';

describe("a process's CPU contention over a window, from /proc", () => {
  it('a main thread that never idles is on a CPU or waiting for one the whole window', async () => {
    const contention = await startCpuContention(process.pid);
    const startedAt = performance.now();
    while (performance.now() - startedAt < 300) Math.sqrt(Math.random());
    const figures = await contention.stop();
    expect(figures.mainThreadOnCpuPercent + figures.mainThreadWaitingPercent).toBeGreaterThan(80);
    expect(figures.mainThreadOnCpuPercent).toBeGreaterThan(0);
    expect(figures.machineBusyPercent).toBeGreaterThan(0);
    expect(figures.machineBusyPercent).toBeLessThanOrEqual(figures.cores * 100);
  });

  it('a main thread that waits for a timer is neither', async () => {
    const contention = await startCpuContention(process.pid);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const figures = await contention.stop();
    expect(figures.mainThreadOnCpuPercent + figures.mainThreadWaitingPercent).toBeLessThan(50);
  });
});
