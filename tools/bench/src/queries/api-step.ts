import type { HomeResponse, ProvisionedDeviceResponse, TokenPairResponse } from '@homeport/contracts';
import { defaultConsumeOptions } from '@homeport/messaging';
import { requestJson, startDistributedPlatform } from '@homeport/testing';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ReadSideSettings } from '../cli-options';
import { unlimitedPublishRate } from '../modes/embedded';
import {
  createProcessSampler,
  processById,
  processesByCommand,
  type ProcessTarget,
} from '../process-sampler';

/** The request measured: one device's state as its owner reads it. */
export const deviceStatePath = (deviceId: string) => `/v1/devices/${deviceId}`;

/** Requests/s and latency of one autocannon run. */
export interface ApiFigures {
  readonly target: 'fastify hello-world' | 'public-api device state' | 'public-api home (no broker-api call)';
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  /**
   * CPU time (user + system) per answered request, µs, of each process that serves it and of the load
   * generator (`bench`): steadier than requests/s on a machine other work shares. The servers (postgres,
   * redis-server) are summed over the machine's processes, other users' included.
   */
  readonly cpuMicrosPerRequest: Readonly<Record<string, number>>;
}

/** The machine's servers a request may reach, each summed over its processes. */
const servers: readonly ProcessTarget[] = [
  processesByCommand('postgres', ['postgres']),
  processesByCommand('redis', ['redis-server']),
];

async function measure(
  target: ApiFigures['target'],
  url: string,
  headers: Record<string, string>,
  seconds: number,
  processes: readonly ProcessTarget[],
): Promise<ApiFigures> {
  // Warm-up: caches, JIT, connection pools; not counted.
  await autocannon({ url, headers, connections: 50, duration: 2 });
  const sampler = createProcessSampler([...processes, processById('bench', process.pid)]);
  const before = await sampler.sample();
  const result = await autocannon({ url, headers, connections: 50, duration: seconds });
  const after = await sampler.sample();
  const answered = Math.max(1, result.requests.total);
  const cpuMicrosPerRequest = Object.fromEntries(
    sampler.names.map((name) => {
      const used = (after.get(name)?.cpuSeconds ?? 0) - (before.get(name)?.cpuSeconds ?? 0);
      return [name, Math.round((used * 1e6) / answered)];
    }),
  );
  return {
    target,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuMicrosPerRequest,
  };
}

/** A bare fastify hello-world in a process of its own (as public-api is), answered at 50 connections. */
async function measureHelloWorld(seconds: number): Promise<ApiFigures> {
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'hello-world-server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
    const { address } = JSON.parse(line) as { address: string };
    const helloWorld = processById('hello-world', server.pid ?? -1);
    return await measure('fastify hello-world', address, {}, seconds, [helloWorld]);
  } finally {
    server.kill('SIGTERM');
    if (server.exitCode === null) await once(server, 'exit');
  }
}

/** An owner (signed up, unverified: no email needed), a home, and a device of the platform claimed into it. */
async function createOwnerWithDevice(platform: {
  publicApiUrl: string;
  brokerApi: { url: string; token: string };
}) {
  const call = async <T>(baseUrl: string, method: string, path: string, body: unknown, token?: string) => {
    const answer = await requestJson<T>(baseUrl, method, path, { body, token });
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const email = `bench-${Date.now()}@bench.homeport.example`;
  const password = 'bench passphrase, long enough';
  const api = platform.publicApiUrl;
  await call(api, 'POST', '/v1/account/sign-up', { email, password });
  const { accessToken } = await call<TokenPairResponse>(api, 'POST', '/v1/sessions', { email, password });
  const home = await call<HomeResponse>(
    api,
    'POST',
    '/v1/homes',
    { name: 'Bench', timeZone: 'UTC' },
    accessToken,
  );
  const broker = platform.brokerApi;
  const vendorId = `bench-${Date.now()}`;
  await call(broker.url, 'POST', '/vendors', { id: vendorId, name: 'Bench' }, broker.token);
  await call(
    broker.url,
    'POST',
    `/vendors/${vendorId}/products`,
    { id: 'thermostat', name: 'T', features: ['temperature'] },
    broker.token,
  );
  const device = await call<ProvisionedDeviceResponse>(
    broker.url,
    'POST',
    '/devices',
    { vendorId, productId: 'thermostat' },
    broker.token,
  );
  await call(api, 'POST', `/v1/homes/${home.id}/devices/claim`, { claimCode: device.claimCode }, accessToken);
  return { accessToken, path: deviceStatePath(device.id), homePath: `/v1/homes/${home.id}` };
}

/**
 * The API step: a bare fastify hello-world (its own process), then public-api's device-state read, then its read of the home (distributed: broker-api,
 * fan-out, state-workers and public-api as processes on this machine's servers, public-api's rate limits
 * raised beyond reach as in the tests), each at 50 connections.
 */
export async function runApiStep(
  { seconds, profileDir, serviceEnv }: Pick<ReadSideSettings, 'seconds' | 'profileDir' | 'serviceEnv'>,
  onStatus: (text: string) => void,
): Promise<ApiFigures[]> {
  onStatus('fastify hello-world');
  const helloWorld = await measureHelloWorld(seconds);
  const platform = await startDistributedPlatform({
    purpose: 'bench_api',
    env: {
      ...unlimitedPublishRate,
      ...serviceEnv,
      // Each service process writes a CPU profile there when it stops (open in Chrome DevTools).
      ...(profileDir !== undefined && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` }),
    },
    stateWorkers: 1,
    fanOutReplicas: 1,
    fanOutPartitions: 1,
    busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
    onStatus,
  });
  try {
    const { accessToken, path, homePath } = await createOwnerWithDevice(platform);
    const authorization = { authorization: `Bearer ${accessToken}` };
    // fan-out and state-workers have no part in a read.
    const processes = [
      ...platform.processes
        .filter(({ label }) => /^(public-api|broker-api)/.test(label))
        .map(({ label, pid }) => processById(label.replace(/#\d+$/, ''), pid)),
      ...servers,
    ];
    onStatus(`public-api GET ${path}`);
    const deviceState = await measure(
      'public-api device state',
      `${platform.publicApiUrl}${path}`,
      authorization,
      seconds,
      processes,
    );
    // The same caller checks (token, session, rate limits, home scope) without the broker-api call: what
    // the device read costs beyond them.
    onStatus(`public-api GET ${homePath}`);
    const home = await measure(
      'public-api home (no broker-api call)',
      `${platform.publicApiUrl}${homePath}`,
      authorization,
      seconds,
      processes,
    );
    return [helloWorld, deviceState, home];
  } finally {
    await platform.close();
  }
}
