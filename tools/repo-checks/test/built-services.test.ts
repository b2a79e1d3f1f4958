// Builds every service the way its Dockerfile does (scripts/build-service.sh in a context holding only what
// the Dockerfile copies, no workspace node_modules), then runs the result with `node` as the image would:
// the migration Job's command and settings first, then the service with its Deployment's settings (the
// server addresses, ports and name prefixes made local), until /health and /ready answer; then SIGTERM.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPostgresPool } from '@homeport/storage';
import {
  createTestDatabase,
  createUniqueName,
  deleteAmqpTopology,
  deleteRedisKeys,
  type TestDatabase,
} from '@homeport/testing';
import { defaultConsumeOptions } from '@homeport/messaging';
import { readDockerignore } from '../src/dockerfile';
import { simulateImageBuild, type SimulatedImage } from '../src/image-build';
import { resolveContainerEnvironment, serviceContainers, type Container } from '../src/kubernetes';
import { localizeEnvironment, startProcess, waitForOk, type RunningProcess } from '../src/service-process';
import {
  listServiceNames,
  loadServices,
  probePaths,
  workspaceRoot,
  type ServiceConfig,
} from '../src/services';
import { baseSecrets, render } from './support/artifacts';
import { startMosquitto, type TestMosquitto } from '@homeport/testing';

jest.setTimeout(120_000);

const nodeBinary = existsSync(path.join(workspaceRoot, 'node_modules', '.bin', 'node'))
  ? path.join(workspaceRoot, 'node_modules', '.bin', 'node')
  : process.execPath;
const workDir = path.join(tmpdir(), createUniqueName('built_services'));
const images = new Map<string, Promise<SimulatedImage>>();
let services: ServiceConfig[];
let mosquitto: TestMosquitto | undefined;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  services = await loadServices();
  const dockerignore = readDockerignore(workspaceRoot);
  // All builds at once: most of their time is npm waiting on the registry or its cache.
  for (const name of listServiceNames()) {
    const build = readFile(path.join(workspaceRoot, 'apps', name, 'Dockerfile'), 'utf8').then((dockerfile) =>
      simulateImageBuild({
        dockerfile,
        contextDir: workspaceRoot,
        dockerignore,
        workDir: path.join(workDir, name),
        nodeBinary,
      }),
    );
    build.catch(() => undefined); // reported by the service's own test
    images.set(name, build);
  }
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await mosquitto?.stop();
  await rm(workDir, { recursive: true, force: true });
});

/** The shipped container of a service's program in k8s/base, with its resolved environment. */
function shippedContainer(service: ServiceConfig, entry: 'main' | 'migrate') {
  const objects = render('k8s/base');
  const found = serviceContainers(objects, [service]).find(
    (candidate) => candidate.entry === entry && ['Deployment', 'Job'].includes(candidate.object.kind),
  );
  if (found === undefined) throw new Error(`k8s/base runs no ${entry} container of ${service.name}`);
  const { entries } = resolveContainerEnvironment(found.container, found.object.metadata.namespace, objects, {
    secretTemplates: baseSecrets(),
  });
  return { ...found, entries };
}

function probePathsOf(container: Container): string[] {
  return [container.livenessProbe, container.readinessProbe, container.startupProbe].flatMap((probe) =>
    probe?.httpGet?.path === undefined ? [] : [probe.httpGet.path],
  );
}

async function runToCompletion(
  image: SimulatedImage,
  command: readonly string[],
  env: Record<string, string>,
): Promise<string> {
  const process = startProcess(nodeBinary, command.slice(1), image.appDir, { ...image.env, ...env });
  const code = await process.exited(60_000);
  if (code !== 0) throw new Error(`${command.join(' ')} exited with ${code}:\n${process.output()}`);
  return process.output();
}

async function schemasWithMigrations(databaseUrl: string): Promise<string[]> {
  const pool = createPostgresPool({ url: databaseUrl });
  try {
    const result = await pool.query<{ table_schema: string }>(
      "SELECT table_schema FROM information_schema.tables WHERE table_name = 'pgmigrations' ORDER BY 1",
    );
    return result.rows.map((row) => row.table_schema);
  } finally {
    await pool.end();
  }
}

describe.each(listServiceNames())('the built %s', (name) => {
  let service: ServiceConfig;
  let image: SimulatedImage;
  let database: TestDatabase;

  beforeAll(async () => {
    service = services.find((candidate) => candidate.name === name)!;
    image = await images.get(name)!;
    database = await createTestDatabase(`deploy_${name}`);
    cleanups.push(() => database.drop());
  });

  it('holds the bundle, its production dependencies only and its migrations where main.js looks', async () => {
    expect(image.command).toEqual(['node', '--enable-source-maps', 'dist/main.js']);
    expect(existsSync(path.join(image.appDir, 'dist', 'main.js'))).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(image.appDir, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest['devDependencies']).toBeUndefined();
    expect(
      Object.keys(manifest['dependencies'] as object).some((dependency) =>
        dependency.startsWith('@homeport/'),
      ),
    ).toBe(false);
    expect(existsSync(path.join(image.appDir, 'node_modules', 'jest'))).toBe(false);
    const hasMigrations = existsSync(path.join(service.dir, 'migrations'));
    expect(existsSync(path.join(image.appDir, 'migrations'))).toBe(hasMigrations);
    expect(existsSync(path.join(image.appDir, 'dist', 'migrate.js'))).toBe(hasMigrations);
    // Other programs of the service (public-api's operator command), bundled beside main.js.
    const { homeport } = JSON.parse(await readFile(path.join(service.dir, 'package.json'), 'utf8')) as {
      homeport?: { entryPoints?: Record<string, string> };
    };
    for (const entry of Object.keys(homeport?.entryPoints ?? {})) {
      expect({ entry, bundled: existsSync(path.join(image.appDir, 'dist', `${entry}.js`)) }).toEqual({
        entry,
        bundled: true,
      });
    }
  });

  it("migrates with its Job's command, starts with its Deployment's settings, serves its probes, stops on SIGTERM", async () => {
    const namePrefix = createUniqueName(`deploy_${name}`);
    const retryDelays = shippedContainer(service, 'main').entries.find(
      (entry) => entry.key === 'RETRY_DELAYS_MS',
    );
    const busRetryDelaysMs = [
      ...defaultConsumeOptions.retryDelaysMs,
      ...(retryDelays?.value.split(',').map(Number) ?? []),
    ];
    cleanups.push(() => deleteAmqpTopology(`${namePrefix}.`, { busRetryDelaysMs }));
    // The Redis key prefix the service ran with (localizeEnvironment): state-workers' fill marker, say.
    cleanups.push(() => deleteRedisKeys(`${namePrefix}:`));
    const needsMqtt = shippedContainer(service, 'main').entries.some((entry) => entry.key === 'MQTT_URL');
    if (needsMqtt) mosquitto ??= await startMosquitto();
    const servers = {
      databaseUrl: database.url,
      namePrefix,
      ...(mosquitto === undefined ? {} : { mqttUrl: mosquitto.url }),
    };

    let jobSchema: string | undefined;
    if (service.migrate !== undefined) {
      const job = shippedContainer(service, 'migrate');
      const jobEnv = await localizeEnvironment(job.entries, service.migrate, servers);
      jobSchema = jobEnv['MIGRATIONS_SCHEMA'];
      await runToCompletion(image, job.container.command ?? [], jobEnv);
      expect(await schemasWithMigrations(database.url)).toEqual([jobSchema]);
    }

    const deployment = shippedContainer(service, 'main');
    const env = await localizeEnvironment(deployment.entries, service.main, servers);
    // Migrating again at start must find nothing to do in the Job's schema, and create no other one.
    if ('RUN_MIGRATIONS' in env) env['RUN_MIGRATIONS'] = 'true';
    const running: RunningProcess = startProcess(nodeBinary, image.command.slice(1), image.appDir, {
      ...image.env,
      ...env,
    });
    try {
      const base = `http://127.0.0.1:${env['HTTP_PORT'] ?? '8080'}`;
      const isAlive = () => running.child.exitCode === null;
      // Polled, not fetched once: a partitioned fan-out is unready for a moment each time it takes
      // another partition's lease, until that session is connected.
      const paths = new Set([
        probePaths.liveness,
        probePaths.readiness,
        ...probePathsOf(deployment.container),
      ]);
      for (const probePath of paths) await waitForOk(`${base}${probePath}`, 30_000, isAlive);
      // public-api's image carries the web console (CONSOLE_DIR) and serves its page at `/`.
      if (image.env['CONSOLE_DIR'] !== undefined) await waitForOk(`${base}/`, 5_000, isAlive);
      await runToCompletion(image, image.healthcheck, { HTTP_PORT: env['HTTP_PORT'] ?? '8080' });
      if (jobSchema !== undefined) expect(await schemasWithMigrations(database.url)).toEqual([jobSchema]);
    } catch (error) {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\n--- ${name} output:\n${running.output()}`,
        { cause: error },
      );
    } finally {
      running.child.kill('SIGTERM');
    }
    const graceMs = (deployment.pod.terminationGracePeriodSeconds ?? 30) * 1000;
    const exitCode = await running.exited(graceMs);
    // null: ended by the signal itself, not by its handler.
    expect({ exitCode, ...(exitCode !== 0 && { output: running.output() }) }).toEqual({ exitCode: 0 });
  });
});
