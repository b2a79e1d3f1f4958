import { readFile, writeFile } from 'node:fs/promises';

/**
 * A process's peak resident memory over a phase, from the kernel's own high-water mark (VmHWM), which no
 * sampling interval can miss: `reset` lowers the mark to the present RSS (`clear_refs` 5, Linux 4.0+; the
 * same user or root) and `read` gives the highest since. Where the reset is refused, the peak since the
 * process started, as `sinceStart` says.
 */
export function createPeakRss(pid: number) {
  let sinceStart = false;
  return {
    async reset(): Promise<void> {
      await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => {
        sinceStart = true;
      });
    },
    async read(): Promise<{ bytes: number; sinceStart: boolean }> {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      return { bytes: Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024, sinceStart };
    },
  };
}
