import net from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  createTcpRelay,
  createTestDatabase,
  createTestInfluxDatabase,
  createTestRedisPrefix,
  readTestServerUrls,
} from '../src';

async function showInfluxDatabases(influxUrl: string): Promise<string> {
  const response = await fetch(`${influxUrl}/query?q=${encodeURIComponent('SHOW DATABASES')}`);
  return response.text();
}

function connectTo(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

describe('test fixtures', () => {
  it('when a test database is created, it accepts queries until it is dropped', async () => {
    const database = await createTestDatabase('fixture');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const result = await client.query<{ name: string }>('SELECT current_database() AS name');
    await client.end();

    await database.drop();

    expect(result.rows[0]?.name).toBe(database.name);
    const server = new pg.Client({ connectionString: readTestServerUrls().databaseUrl });
    await server.connect();
    const left = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name]);
    await server.end();
    expect(left.rowCount).toBe(0);
  });

  it('when a test InfluxDB database is created, the server lists it until it is dropped', async () => {
    const database = await createTestInfluxDatabase('fixture');

    expect(await showInfluxDatabases(database.url)).toContain(database.database);
    await database.drop();
    expect(await showInfluxDatabases(database.url)).not.toContain(database.database);
  });

  it('when a Redis prefix is cleaned up, its keys are gone and other keys stay', async () => {
    const prefix = createTestRedisPrefix('fixture');
    const other = createTestRedisPrefix('fixture_other');
    const client = new Redis(readTestServerUrls().redisUrl);
    await client.set(`${prefix.keyPrefix}a`, '1');
    await client.set(`${other.keyPrefix}a`, '2');

    await prefix.deleteKeys();

    expect(await client.get(`${prefix.keyPrefix}a`)).toBeNull();
    expect(await client.get(`${other.keyPrefix}a`)).toBe('2');
    await other.deleteKeys();
    await client.quit();
  });

  it('when a relay is paused, connections are refused, and after resuming they reach the server again', async () => {
    const redisPort = Number(new URL(readTestServerUrls().redisUrl).port || 6379);
    const relay = await createTcpRelay({ host: '127.0.0.1', port: redisPort });
    const client = new Redis({
      port: relay.port,
      host: '127.0.0.1',
      maxRetriesPerRequest: 0,
      lazyConnect: true,
    });
    client.on('error', () => undefined);

    await relay.pause();
    await expect(connectTo(relay.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await relay.resume();
    await client.connect();

    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    await relay.close();
  });
});
