import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '@homeport/http';
import { waitFor } from './wait-for';

/**
 * A Mosquitto of the test suite's own (the machine's one on 1883 is shared): a real third-party broker,
 * anonymous unless given logins, persistent, with no queue limit per session, on a free port.
 */
export interface TestMosquitto {
  readonly port: number;
  /** The mosquitto process (a new one after `restart()`); undefined once stopped. */
  readonly pid: number | undefined;
  readonly url: string;
  /** `mosquitto_pub -q 1` of one message (a real third-party client, anonymous; the payload goes through stdin). */
  publish(topic: string, payload: string): Promise<void>;
  /** Stops it (SIGTERM: it saves its persistence file) and starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Who may connect to a Mosquitto, and to which topics. */
export interface MosquittoLogins {
  readonly users: readonly { readonly username: string; readonly password: string }[];
  /**
   * ACL `pattern` lines (`%u` is the username), e.g. `readwrite homeport/v1/+/%u/#`; a user has no other
   * topic (mosquitto.conf(5), acl_file).
   */
  readonly aclPatterns: readonly string[];
}

const execFileAsync = promisify(execFile);

/** The password file (hashed by Mosquitto's own mosquitto_passwd) and ACL file of `logins`, in `directory`. */
async function writeLoginFiles(directory: string, logins: MosquittoLogins): Promise<string[]> {
  const passwordFile = path.join(directory, 'passwords');
  const aclFile = path.join(directory, 'acl');
  const entries = logins.users.map(({ username, password }) => `${username}:${password}\n`);
  await writeFile(passwordFile, entries.join(''));
  await execFileAsync('mosquitto_passwd', ['-U', passwordFile]);
  await writeFile(aclFile, logins.aclPatterns.map((pattern) => `pattern ${pattern}\n`).join(''));
  return ['allow_anonymous false', `password_file ${passwordFile}`, `acl_file ${aclFile}`];
}

/**
 * Starts `mosquitto -c <temp config>` with persistence in a temp directory; with `logins`, only those users
 * connect (their passwords hashed as Mosquitto does), each to the topics of the ACL patterns.
 */
export async function startMosquitto(
  options: { maxInflightMessages?: number; logins?: MosquittoLogins } = {},
): Promise<TestMosquitto> {
  const directory = await mkdtemp(path.join(tmpdir(), 'homeport-mosquitto-'));
  const port = await findFreePort();
  const configFile = path.join(directory, 'mosquitto.conf');
  const lines = [
    `listener ${port} 127.0.0.1`,
    ...(options.logins === undefined
      ? ['allow_anonymous true']
      : await writeLoginFiles(directory, options.logins)),
    'persistence true',
    `persistence_location ${directory}/`,
    // Unlimited queue per offline or busy session: the default (1000) would drop messages in these tests.
    'max_queued_messages 0',
    `max_inflight_messages ${options.maxInflightMessages ?? 20}`,
    'log_dest none',
    // As root, mosquitto would drop to the mosquitto user, which cannot write the temp directory.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
  ];
  await writeFile(configFile, `${lines.join('\n')}\n`);
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const started = spawn('mosquitto', ['-c', configFile], { stdio: 'ignore' });
    child = started;
    let exited = false;
    started.once('exit', () => (exited = true));
    await waitFor(async () => {
      if (exited) throw new Error('mosquitto exited at start');
      return canConnect(port);
    }, `mosquitto listening on ${port}`);
  };
  const stopChild = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    port,
    get pid() {
      return child?.pid;
    },
    url: `mqtt://127.0.0.1:${port}`,
    publish: (topic, payload) => publishWithMosquittoPub(port, topic, payload),
    async restart() {
      await stopChild();
      await start();
    },
    async stop() {
      await stopChild();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function publishWithMosquittoPub(port: number, topic: string, payload: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['-h', '127.0.0.1', '-p', String(port), '-q', '1', '-t', topic, '-s'];
    const publisher = execFile('mosquitto_pub', args, (error) => {
      if (error === null) resolve();
      else reject(new Error(`mosquitto_pub failed: ${error.message}`, { cause: error }));
    });
    publisher.stdin?.end(payload);
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
