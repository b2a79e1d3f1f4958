import { readInfluxAuth } from '@homeport/config';
import { readRetryDelaysMs } from '@homeport/config';
import { loadStateWorkersConfig } from './config';

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
});
