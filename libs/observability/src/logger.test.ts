import { AppError } from '@homeport/errors';
import { createLogger } from './logger';

function captureLines(): { destination: { write(line: string): void }; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return {
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    lines,
  };
}

describe('createLogger', () => {
  it('when a line is written, it is JSON with the service, an ISO time and the level as a word', () => {
    const { destination, lines } = captureLines();
    const logger = createLogger({ service: 'device-registry', destination });
    logger.info({ deviceId: 'd-1' }, 'device registered');
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({
      service: 'device-registry',
      level: 'info',
      msg: 'device registered',
      deviceId: 'd-1',
    });
    expect(new Date(line['time'] as string).toISOString()).toBe(line['time']);
  });

  it('when the level is warn, info lines are dropped', () => {
    const { destination, lines } = captureLines();
    const logger = createLogger({ service: 's', level: 'warn', destination });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines.map((line) => line['msg'])).toEqual(['loud']);
  });

  it('when an AppError is logged, its code, kind, details, stack and cause are kept', () => {
    const { destination, lines } = captureLines();
    const logger = createLogger({ service: 's', destination });
    const cause = new Error('ECONNREFUSED');
    const error = new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'database is away', {
      cause,
      details: { host: 'db' },
    });
    logger.error({ err: error }, 'query failed');
    expect(lines[0]!['err']).toMatchObject({
      type: 'AppError',
      message: expect.stringContaining('database is away') as unknown,
      code: 'DATABASE_UNAVAILABLE',
      kind: 'unavailable',
      details: { host: 'db' },
      stack: expect.stringContaining('AppError') as unknown,
    });
  });

  it('when request headers carry credentials, they are redacted', () => {
    const { destination, lines } = captureLines();
    const logger = createLogger({ service: 's', destination });
    logger.info({ req: { headers: { authorization: 'Bearer secret-token' } } }, 'request');
    expect(JSON.stringify(lines[0])).not.toContain('secret-token');
  });
});
