import { Type } from 'typebox';
import { ConfigError, loadConfig } from './load-config';
import { markSecret } from './secret';
import { httpSettings, logSettings, postgresSettings } from './settings';

const schema = Type.Object({
  ...httpSettings,
  ...logSettings,
  ...postgresSettings,
  BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 1000 }),
  RATIO: Type.Number({ default: 0.5 }),
  DRY_RUN: Type.Boolean({ default: false }),
  API_TOKEN: Type.Optional(markSecret(Type.String({ minLength: 32 }))),
});

function loadExpectingError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('when only required keys are set, defaults fill the rest and strings are converted', () => {
    const config = loadConfig(schema, {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/homeport',
      BATCH_SIZE: '50',
      DRY_RUN: 'TRUE',
    });
    // The result is typed from the schema: these assignments are checked by the typecheck target.
    const port: number = config.HTTP_PORT;
    const dryRun: boolean = config.DRY_RUN;
    const level: 'info' | 'debug' | 'warn' | 'error' | 'fatal' | 'trace' | 'silent' = config.LOG_LEVEL;
    const token: string | undefined = config.API_TOKEN;
    expect([port, dryRun, level, token]).toEqual([8080, true, 'info', undefined]);
    expect(config).toEqual({
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 8080,
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/homeport',
      BATCH_SIZE: 50,
      RATIO: 0.5,
      DRY_RUN: true,
    });
  });

  it('when values are set, numbers and booleans are converted and literals kept', () => {
    const config = loadConfig(schema, {
      HTTP_PORT: ' 0 ',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgres://db/x',
      BATCH_SIZE: '1000',
      RATIO: '1.25e-1',
      DRY_RUN: '0',
    });
    expect(config).toMatchObject({
      HTTP_PORT: 0,
      LOG_LEVEL: 'debug',
      BATCH_SIZE: 1000,
      RATIO: 0.125,
      DRY_RUN: false,
    });
  });

  it('when the environment holds keys the schema does not know, they are ignored', () => {
    const config = loadConfig(schema, {
      DATABASE_URL: 'postgres://db/x',
      BATCH_SIZE: '5',
      PATH: '/usr/bin',
      HOSTNAME: 'pod-1',
    });
    expect(config).not.toHaveProperty('PATH');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when a variable is set but empty, it counts as unset', () => {
    const error = loadExpectingError({ DATABASE_URL: '', BATCH_SIZE: '5', HTTP_PORT: '' });
    expect(error.problems).toEqual([{ key: 'DATABASE_URL', reason: 'missing' }]);
  });

  it('when several keys are bad, one error lists every one of them with its reason', () => {
    const error = loadExpectingError({
      HTTP_PORT: '70000',
      LOG_LEVEL: 'verbose',
      BATCH_SIZE: '1.5',
      RATIO: 'half',
      DRY_RUN: 'yes',
    });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.problems).toEqual([
      { key: 'HTTP_PORT', reason: 'out of range (must be <= 65535)' },
      { key: 'LOG_LEVEL', reason: 'not one of fatal, error, warn, info, debug, trace, silent' },
      { key: 'DATABASE_URL', reason: 'missing' },
      { key: 'BATCH_SIZE', reason: 'not an integer' },
      { key: 'RATIO', reason: 'not a number' },
      { key: 'DRY_RUN', reason: 'not a boolean (true, false, 1 or 0)' },
    ]);
    for (const problem of error.problems) {
      expect(error.message).toContain(`${problem.key}: ${problem.reason}`);
    }
  });

  it('when a number is written in a lossy or exotic form, it is refused rather than guessed', () => {
    const error = loadExpectingError({
      DATABASE_URL: 'postgres://db/x',
      BATCH_SIZE: '0x10',
      HTTP_PORT: '-1',
    });
    expect(error.problems).toEqual([
      { key: 'HTTP_PORT', reason: 'out of range (must be >= 0)' },
      { key: 'BATCH_SIZE', reason: 'not an integer' },
    ]);
  });

  it('when a secret or a URL with credentials is bad, the error names the key but never echoes the value', () => {
    const error = loadExpectingError({
      DATABASE_URL: 'not a url with hunter2',
      BATCH_SIZE: 'hunter2-batch',
      API_TOKEN: 'short-hunter2',
    });
    expect(error.problems.map((problem) => problem.key)).toEqual(['DATABASE_URL', 'BATCH_SIZE', 'API_TOKEN']);
    expect(error.problems[0]!.reason).toBe('not a valid uri');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('hunter2');
  });

  describe('development secrets', () => {
    const shipped = {
      DATABASE_URL: 'postgres://homeport:dev-postgres-password@postgres:5432/homeport',
      BATCH_SIZE: '5',
      API_TOKEN: 'dev-broker-api-token-0123456789abcdef',
    };

    it('when secret settings hold values shipped in docker-compose or k8s/base, the start fails naming each key', () => {
      const error = loadExpectingError(shipped);
      expect(error.problems.map((problem) => problem.key)).toEqual(['DATABASE_URL', 'API_TOKEN']);
      expect(error.message).toContain('HOMEPORT_ALLOW_DEVELOPMENT_SECRETS=true');
      expect(error.message).not.toContain('dev-postgres-password');
    });

    it('when HOMEPORT_ALLOW_DEVELOPMENT_SECRETS is true, the development values are accepted', () => {
      const config = loadConfig(schema, { ...shipped, HOMEPORT_ALLOW_DEVELOPMENT_SECRETS: 'true' });
      expect(config.API_TOKEN).toBe(shipped.API_TOKEN);
      expect(config).not.toHaveProperty('HOMEPORT_ALLOW_DEVELOPMENT_SECRETS');
    });

    it('when the flag is false or not a boolean, the development values are still refused', () => {
      expect(
        loadExpectingError({ ...shipped, HOMEPORT_ALLOW_DEVELOPMENT_SECRETS: 'false' }).problems,
      ).toHaveLength(2);
      expect(loadExpectingError({ ...shipped, HOMEPORT_ALLOW_DEVELOPMENT_SECRETS: 'yes' }).problems).toEqual([
        { key: 'HOMEPORT_ALLOW_DEVELOPMENT_SECRETS', reason: 'not a boolean (true, false, 1 or 0)' },
      ]);
    });

    it('when a setting that is not secret holds such a value, it is not refused', () => {
      const tagged = Type.Object({ NOTE: Type.String() });
      expect(loadConfig(tagged, { NOTE: 'dev-redis-password' })).toEqual({ NOTE: 'dev-redis-password' });
    });
  });
});
