import {
  createTestDatabase,
  createTestRedisPrefix,
  createUniqueName,
  readTestServerUrls,
} from '@homeport/testing';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { deleteBrokerApiTopology } from './support/environment';

// Each test starts main.ts through tsx, which alone can take over jest's default 5 s on a busy machine.
jest.setTimeout(30_000);

const root = join(__dirname, '../../..');
const urls = readTestServerUrls();

/** Starts main.ts as the deployment would, collecting its JSON log lines. */
function startProcess(env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(
    join(root, 'node_modules/.bin/tsx'),
    ['apps/broker-api/src/main.ts'],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
    },
  );
  const lines: Record<string, unknown>[] = [];
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    const complete = output.split('\n');
    output = complete.pop() ?? '';
    for (const line of complete) lines.push(JSON.parse(line) as Record<string, unknown>);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const waitForLine = async (message: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = lines.find((candidate) => candidate.msg === message);
      if (line !== undefined) return line;
      if (Date.now() > deadline) throw new Error(`no "${message}" line; got ${JSON.stringify(lines)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, lines, exited, waitForLine };
}

describe('broker-api process', () => {
  it('with bad settings it exits 1 naming every bad key', async () => {
    const started = startProcess({ HTTP_PORT: 'eighty' });
    expect(await started.exited).toBe(1);
    const message = JSON.stringify(started.lines);
    for (const key of ['HTTP_PORT', 'DATABASE_URL', 'BROKER_API_TOKEN', 'DEVICE_SECRET_PEPPER']) {
      expect(message).toContain(key);
    }
  });

  it('with the development secrets of docker-compose.yml and no development flag it exits 1 naming their keys', async () => {
    const shipped = {
      DATABASE_URL: 'postgres://homeport:dev-postgres-password@127.0.0.1:5432/homeport',
      REDIS_URL: urls.redisUrl,
      AMQP_URL: urls.amqpUrl,
      BROKER_API_TOKEN: 'dev-broker-api-token-0123456789abcdef',
      DEVICE_SECRET_PEPPER: 'process-test-pepper-0123456789abcdef01234',
      MQTT_SERVICE_TOKENS: 'fan-out=dev-fan-out-mqtt-token-0123456789abcdef',
    };
    const started = startProcess(shipped);
    expect(await started.exited).toBe(1);
    const message = JSON.stringify(started.lines);
    for (const key of ['DATABASE_URL', 'BROKER_API_TOKEN', 'MQTT_SERVICE_TOKENS']) {
      expect(message).toContain(`${key}: holds a development value`);
    }
    expect(message).not.toContain('DEVICE_SECRET_PEPPER');
    expect(message).not.toContain('dev-broker-api-token');
  });

  it('migrates its schema, serves until SIGTERM, then shuts down cleanly', async () => {
    const database = await createTestDatabase('broker_process');
    const redis = createTestRedisPrefix('broker_process');
    const amqpPrefix = `${createUniqueName('broker_process')}.`;
    try {
      const started = startProcess({
        DATABASE_URL: database.url,
        REDIS_URL: urls.redisUrl,
        AMQP_URL: urls.amqpUrl,
        BROKER_API_TOKEN: 'process-test-token-0123456789abcdef01234',
        DEVICE_SECRET_PEPPER: 'process-test-pepper-0123456789abcdef0123',
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        MQTT_HOST: '127.0.0.1',
        MQTT_PORT: '0',
        MQTT_WS_PORT: '0',
        REDIS_KEY_PREFIX: redis.keyPrefix,
        AMQP_NAME_PREFIX: amqpPrefix,
      });
      const ready = await started.waitForLine('broker-api started');
      const ops = await fetch(`${String(ready.http)}/ready`);
      expect(ops.status).toBe(200);
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
      expect(started.lines.map((line) => line.msg)).toContain('stopped');
    } finally {
      await Promise.all([database.drop(), redis.deleteKeys(), deleteBrokerApiTopology(amqpPrefix)]);
    }
  });
});
