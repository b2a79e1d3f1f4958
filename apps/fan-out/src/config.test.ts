import { ConfigError } from '@homeport/config';
import { loadFanOutConfig } from './config';

const base = { AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672', MQTT_URL: 'mqtt://127.0.0.1:1883' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadFanOutConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(({ key, reason }) => `${key}: ${reason}`);
    throw error;
  }
  return [];
}

describe('loadFanOutConfig', () => {
  it('defaults to a single MQTT 3.1.1 session on the Homeport topic tree as service:fan-out', () => {
    const config = loadFanOutConfig(base);
    expect(config).toMatchObject({
      SUBSCRIPTION_MODE: 'single',
      MQTT_PROTOCOL_VERSION: 4,
      MQTT_USERNAME: 'service:fan-out',
      MQTT_CLIENT_ID: 'service:fan-out',
      provider: { provider: 'homeport' },
    });
  });

  it('names every missing dependency of the chosen mode and provider at once', () => {
    expect(problemsOf({ ...base, SUBSCRIPTION_MODE: 'partitioned', PROVIDER: 'aws-iot-core' })).toEqual([
      'REDIS_URL: missing (needed by SUBSCRIPTION_MODE=partitioned)',
      'PROVIDER_VENDOR_ID: missing or not a valid id (needed by aws-iot-core)',
    ]);
    expect(problemsOf({ ...base, SUBSCRIPTION_MODE: 'shared' })).toEqual([
      'MQTT_CLIENT_ID: missing (each replica needs its own, stable one in shared mode)',
    ]);
  });

  it('reads generic topic rules from JSON and refuses unusable ones with the reason', () => {
    const rules = [{ pattern: 'plant/{vendorId}/{deviceId}/state', kind: 'reported' }];
    expect(
      loadFanOutConfig({ ...base, PROVIDER: 'generic', PROVIDER_RULES: JSON.stringify(rules) }).provider,
    ).toEqual({
      provider: 'generic',
      rules,
    });
    expect(problemsOf({ ...base, PROVIDER: 'generic', PROVIDER_RULES: '[{' })).toEqual([
      'PROVIDER_RULES: not JSON',
    ]);
    expect(
      problemsOf({ ...base, PROVIDER: 'generic', PROVIDER_RULES: '[{"pattern":"a/b","kind":"state"}]' })[0],
    ).toMatch(/^PROVIDER_RULES: not a list of/);
    expect(
      problemsOf({
        ...base,
        PROVIDER: 'generic',
        PROVIDER_RULES: '[{"pattern":"a/{vendorId}","kind":"event"}]',
      }),
    ).toEqual(['PROVIDER_RULES: rule 1: pattern "a/{vendorId}": needs exactly one {deviceId} level']);
  });

  it('maps AWS IoT Core things onto the configured vendor', () => {
    const config = loadFanOutConfig({
      ...base,
      PROVIDER: 'aws-iot-core',
      PROVIDER_VENDOR_ID: 'acme',
      PROVIDER_TOPIC_PREFIX: 'dt',
    });
    expect(config.provider).toEqual({ provider: 'aws-iot-core', vendorId: 'acme', topicPrefix: 'dt' });
  });

  it('checks devices against the registry only when both its URL and token are set, with cache defaults', () => {
    expect(loadFanOutConfig(base).DEVICE_REGISTRY_URL).toBeUndefined();
    const config = loadFanOutConfig({
      ...base,
      DEVICE_REGISTRY_URL: 'http://broker-api:8080',
      DEVICE_REGISTRY_TOKEN: 's'.repeat(32),
    });
    expect(config).toMatchObject({
      DEVICE_REGISTRY_KNOWN_TTL_MS: 60_000,
      DEVICE_REGISTRY_UNKNOWN_TTL_MS: 10_000,
      DEVICE_REGISTRY_CACHE_SIZE: 10_000,
      DEVICE_REGISTRY_TIMEOUT_MS: 2000,
    });
    expect(problemsOf({ ...base, DEVICE_REGISTRY_URL: 'http://broker-api:8080' })).toEqual([
      'DEVICE_REGISTRY_TOKEN: missing (the device registry check needs both URL and token)',
    ]);
    expect(problemsOf({ ...base, DEVICE_REGISTRY_TOKEN: 'secret' })).toEqual([
      'DEVICE_REGISTRY_URL: missing (the device registry check needs both URL and token)',
    ]);
  });
});
