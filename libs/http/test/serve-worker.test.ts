import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLogger, createMetricsRegistry } from '@homeport/observability';
import { serveWorker, type WorkerWork } from '../src/serve-worker';

function recordingWork(): WorkerWork & { readonly steps: string[] } {
  const steps: string[] = [];
  return {
    steps,
    start: () => Promise.resolve(void steps.push('start')),
    stop: () => Promise.resolve(void steps.push('stop')),
  };
}

function serveWith(work: WorkerWork, port: number) {
  return serveWorker({
    service: 'worker-test',
    logger: createLogger({ service: 'worker-test', level: 'silent' }),
    metrics: createMetricsRegistry({ service: 'worker-test' }),
    readinessChecks: { work: () => Promise.resolve() },
    host: '127.0.0.1',
    port,
    work,
  });
}

describe('serveWorker', () => {
  it('starts the work before its endpoints answer, and stops it after they close', async () => {
    const work = recordingWork();
    const served = await serveWith(work, 0);
    expect(work.steps).toEqual(['start']);
    expect((await fetch(`${served.url}/ready`)).status).toBe(200);

    await served.close();
    expect(work.steps).toEqual(['start', 'stop']);
    await expect(fetch(`${served.url}/health`)).rejects.toThrow();
  });

  it('when its port is taken, it stops the work it started and fails', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const work = recordingWork();
    try {
      await expect(serveWith(work, (taken.address() as AddressInfo).port)).rejects.toThrow(/EADDRINUSE/);
      expect(work.steps).toEqual(['start', 'stop']);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
