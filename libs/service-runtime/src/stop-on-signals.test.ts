import { startFixture } from '../test/support/run-fixture';

jest.setTimeout(30_000);

describe('stopOnSignals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'when %s arrives, what main opened is closed in reverse order and the process exits 0',
    async (signal) => {
      const service = startFixture('run');
      await service.waitForMessage('started');
      service.child.kill(signal);
      expect(await service.exited).toBe(0);
      const lines = service.lines();
      expect(lines.find((line) => line['msg'] === 'stopping')).toMatchObject({ signal });
      expect(lines.flatMap((line) => (line['closed'] === undefined ? [] : [line['closed']]))).toEqual([
        'http',
        'bus',
        'pool',
      ]);
      // Not the order of all lines: under jest, pino's pipe writes were seen to put 'stopping' last.
      expect(lines.map((line) => line['msg'])).toContain('stopped');
    },
  );

  it('when a closer fails, the failure is logged and the process exits 1 without closing the rest', async () => {
    const service = startFixture('fail-to-stop');
    await service.waitForMessage('started');
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(1);
    const lines = service.lines();
    expect(lines.flatMap((line) => (line['closed'] === undefined ? [] : [line['closed']]))).toEqual(['http']);
    expect(lines.find((line) => line['msg'] === 'stopping failed')).toMatchObject({
      level: 'error',
      err: expect.objectContaining({ message: 'bus would not close' }) as unknown,
    });
    expect(lines.map((line) => line['msg'])).not.toContain('stopped');
  });
});
