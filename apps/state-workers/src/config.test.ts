import { readInfluxAuth } from '@homeport/config';
import { readRetryDelaysMs } from '@homeport/config';
import { loadStateWorkersConfig, readRetentionRules } from './config';

const required = {
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: 'redis://127.0.0.1:6379',
  INFLUX_URL: 'http://127.0.0.1:8086',
};

describe('state-workers configuration', () => {
  it('with only the connection URLs, every other setting has its default', () => {
    const config = loadStateWorkersConfig(required);
    expect(config).toMatchObject({ PREFETCH: 1000, RUN_MIGRATIONS: true, AMQP_NAME_PREFIX: '' });
    expect(readRetryDelaysMs(config)).toEqual([1000, 5000, 30000]);
    expect(readInfluxAuth(config)).toBeUndefined();
  });

  it('lists every bad key at once', () => {
    expect(() => loadStateWorkersConfig({ PREFETCH: '0', RETRY_DELAYS_MS: '1s' })).toThrow(
      /AMQP_URL[\s\S]*PREFETCH[\s\S]*RETRY_DELAYS_MS/,
    );
  });

  it('InfluxDB credentials are a token, or a username with its password', () => {
    expect(readInfluxAuth(loadStateWorkersConfig({ ...required, INFLUX_TOKEN: 't0k' }))).toEqual({
      token: 't0k',
    });
    const withUser = { ...required, INFLUX_USERNAME: 'writer', INFLUX_PASSWORD: 'secret' };
    expect(readInfluxAuth(loadStateWorkersConfig(withUser))).toEqual({
      username: 'writer',
      password: 'secret',
    });
    expect(() => loadStateWorkersConfig({ ...required, INFLUX_USERNAME: 'writer' })).toThrow(
      /INFLUX_PASSWORD/,
    );
  });

  it('time-series retention: 30 raw days, 365 days of 5-minute rollups, hourly ones forever, vendors as configured', () => {
    const config = loadStateWorkersConfig({ ...required, TIME_SERIES_VENDOR_RETENTION: 'acme:raw=90' });

    expect(readRetentionRules(config)).toEqual({
      defaults: { rawDays: 30, fiveMinuteDays: 365, hourlyDays: undefined },
      vendors: { acme: { rawDays: 90, fiveMinuteDays: 365, hourlyDays: undefined } },
    });
  });

  it('a bad vendor retention rule stops the start, naming the key', () => {
    expect(() => loadStateWorkersConfig({ ...required, TIME_SERIES_VENDOR_RETENTION: 'acme:raw=0' })).toThrow(
      /TIME_SERIES_VENDOR_RETENTION/,
    );
  });
});
