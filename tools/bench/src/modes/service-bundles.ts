import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const workspaceRoot = path.join(__dirname, '..', '..', '..', '..');
const run = promisify(execFile);

/** Bundles built for one run, and their removal. */
export interface ServiceBundles {
  /** `apps/<service>/dist/<name>/` holds each service's bundle (`bundleName` of @homeport/testing). */
  readonly name: string;
  remove(): Promise<void>;
}

/**
 * Builds each service's `dist/main.js` (and its migrations beside it) with the esbuild step of
 * scripts/build-service.sh, the program its image runs, without that script's `npm install`: each bundle
 * lives in its app's git-ignored `dist/`, so its packages resolve to the workspace's node_modules as its
 * sources' do.
 */
export async function buildServiceBundles(services: readonly string[]): Promise<ServiceBundles> {
  const name = `bench-${randomBytes(3).toString('hex')}`;
  const dirOf = (service: string) => path.join(workspaceRoot, 'apps', service, 'dist', name);
  const remove = async () => {
    await Promise.all(services.map((service) => rm(dirOf(service), { recursive: true, force: true })));
  };
  // bundle.mts runs with its types stripped: Node 24 (the workspace's node_modules/.bin/node).
  const localNode = path.join(workspaceRoot, 'node_modules', '.bin', 'node');
  const node = existsSync(localNode) ? localNode : process.execPath;
  const bundleScript = path.join(workspaceRoot, 'scripts', 'build-service', 'bundle.mts');
  try {
    await Promise.all(
      services.map((service) => run(node, [bundleScript, service, dirOf(service), workspaceRoot])),
    );
  } catch (error) {
    await remove();
    throw error;
  }
  return { name, remove };
}
