import { Type } from 'typebox';
import { ConfigError, loadConfig } from './load-config';
import { amqpSettings, serverConnectionKeys, serverConnectionSettings } from './settings';

describe('serverConnectionKeys', () => {
  it('names every key of serverConnectionSettings, so a worker without them keeps none of its servers', () => {
    expect([...serverConnectionKeys].sort()).toEqual(Object.keys(serverConnectionSettings).sort());
  });
});

describe('amqpSettings', () => {
  const schema = Type.Object(amqpSettings);
  const amqpUrl = 'amqp://guest:guest@127.0.0.1:5672';

  it('a name prefix of letters, digits, dots, dashes and underscores is taken; none by default', () => {
    expect(loadConfig(schema, { AMQP_URL: amqpUrl }).AMQP_NAME_PREFIX).toBe('');
    expect(loadConfig(schema, { AMQP_URL: amqpUrl, AMQP_NAME_PREFIX: 't_run-1.' }).AMQP_NAME_PREFIX).toBe(
      't_run-1.',
    );
  });

  it('a name prefix with another character (a topic pattern, a space) is refused at start, naming the key', () => {
    const refusedKeys = (prefix: string) => {
      try {
        loadConfig(schema, { AMQP_URL: amqpUrl, AMQP_NAME_PREFIX: prefix });
        return [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return error.problems.map((problem) => problem.key);
      }
    };
    for (const prefix of ['a#', 'a b', 'ä.']) expect(refusedKeys(prefix)).toEqual(['AMQP_NAME_PREFIX']);
  });
});
