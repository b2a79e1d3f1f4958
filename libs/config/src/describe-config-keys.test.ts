import { Type } from 'typebox';
import { describeConfigKeys } from './describe-config-keys';
import { httpSettings, influxSettings, postgresSettings } from './settings';

describe('describeConfigKeys', () => {
  it('when a schema mixes defaults, optional, required and secret keys, each is described, with the development flag loadConfig reads', () => {
    const schema = Type.Object({ ...httpSettings, ...postgresSettings, ...influxSettings });
    expect(describeConfigKeys(schema)).toEqual([
      { key: 'HTTP_HOST', required: false, hasDefault: true, secret: false },
      { key: 'HTTP_PORT', required: false, hasDefault: true, secret: false },
      { key: 'DATABASE_URL', required: true, hasDefault: false, secret: true },
      { key: 'INFLUX_URL', required: true, hasDefault: false, secret: false },
      { key: 'INFLUX_DATABASE', required: false, hasDefault: true, secret: false },
      { key: 'INFLUX_TOKEN', required: false, hasDefault: false, secret: true },
      { key: 'INFLUX_USERNAME', required: false, hasDefault: false, secret: false },
      { key: 'INFLUX_PASSWORD', required: false, hasDefault: false, secret: true },
      { key: 'HOMEPORT_ALLOW_DEVELOPMENT_SECRETS', required: false, hasDefault: true, secret: false },
    ]);
  });
});
