import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throw-away CA and a server certificate for 127.0.0.1 / localhost, written to a temporary directory. */
export interface TlsFixture {
  readonly caPem: string;
  readonly certPath: string;
  readonly keyPath: string;
  remove(): Promise<void>;
}

const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Generates the CA and the server pair with the openssl CLI (EC keys: fast). */
export async function createTlsFixture(): Promise<TlsFixture> {
  const directory = await mkdtemp(join(tmpdir(), 'broker-api-tls-'));
  const file = (name: string) => join(directory, name);
  await run('openssl', [
    ...['req', '-x509', ...ecKey, '-keyout', file('ca.key'), '-out', file('ca.crt')],
    ...['-days', '1', '-subj', '/CN=Homeport Test CA'],
  ]);
  await run('openssl', [
    ...['req', ...ecKey, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost'],
  ]);
  await writeFile(
    file('server.ext'),
    'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n',
  );
  await run('openssl', [
    ...['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key')],
    ...['-CAcreateserial', '-days', '1', '-extfile', file('server.ext'), '-out', file('server.crt')],
  ]);
  return {
    caPem: await readFile(file('ca.crt'), 'utf8'),
    certPath: file('server.crt'),
    keyPath: file('server.key'),
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}
