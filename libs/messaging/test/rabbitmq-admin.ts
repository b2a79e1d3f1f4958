import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Makes the server close exactly the connection with this client-provided name (not every connection:
 * other suites run in parallel on the same broker).
 */
export async function closeConnectionByName(connectionName: string, reason: string): Promise<void> {
  // RabbitMQ 3.10 has no user_provided_name column; the name is in the client properties.
  const { stdout } = await run('rabbitmqctl', [
    'list_connections',
    'pid',
    'client_properties',
    '--quiet',
    '--no-table-headers',
  ]);
  const marker = `{"connection_name","${connectionName}"}`;
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(marker))
    .map((line) => line.split('\t')[0] ?? '');
  if (pids.length === 0) throw new Error(`no RabbitMQ connection named ${connectionName}`);
  for (const pid of pids) await run('rabbitmqctl', ['close_connection', pid, reason]);
}

/** Names of the durable queues or exchanges whose name starts with the prefix. */
export async function listDurable(kind: 'queues' | 'exchanges', prefix: string): Promise<string[]> {
  const args = [`list_${kind}`, 'name', 'durable', '--quiet', '--no-table-headers'];
  const { stdout } = await run('rabbitmqctl', args);
  return stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([name, durable]) => name?.startsWith(prefix) === true && durable === 'true')
    .map(([name]) => name ?? '')
    .sort();
}
