import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkComposeFile, composeBuildOf, parseComposeFile } from '../src/compose';
import { checkDockerfile, readDockerignore } from '../src/dockerfile';
import { listServiceNames, loadServices, workspaceRoot, type ServiceConfig } from '../src/services';
import type { Container } from '../src/kubernetes';
import { readRepoFile, render } from './support/artifacts';

/** The image build of a service: compose's (the Dockerfile and build args CI bakes too). */
function buildOf(name: string) {
  const build = composeBuildOf(parseComposeFile(readRepoFile('docker-compose.yml')), name, workspaceRoot);
  if (build === undefined) throw new Error(`docker-compose.yml does not build ${name}`);
  return build;
}

/** The ports the service's container declares in its k8s/base Deployment. */
function containerPorts(name: string): number[] {
  const deployment = render('k8s/base').find(
    (object) => object.kind === 'Deployment' && object.metadata.name === name,
  ) as { spec?: { template: { spec: { containers: Container[] } } } } | undefined;
  const container = deployment?.spec?.template.spec.containers[0];
  return (container?.ports ?? []).map((port) => port.containerPort);
}

describe('every service', () => {
  const names = listServiceNames();

  it('is found (apps/*)', () => {
    expect(names).toEqual(expect.arrayContaining(['broker-api', 'state-workers']));
  });

  it.each(names)('%s has a config schema, a Dockerfile and a Kubernetes manifest', async (name) => {
    const [service] = (await loadServices()).filter((candidate) => candidate.name === name);
    expect(service?.main.keys.length).toBeGreaterThan(0);
    expect(existsSync(path.join(workspaceRoot, buildOf(name).dockerfile))).toBe(true);
    expect(existsSync(path.join(workspaceRoot, 'k8s', 'base', 'platform', name, 'kustomization.yaml'))).toBe(
      true,
    );
    const deployments = render('k8s/base').filter((object) => object.kind === 'Deployment');
    expect(deployments.map((object) => object.metadata.name)).toContain(name);
  });

  it.each(names)(
    '%s is built by a Dockerfile whose COPY sources exist, multi-stage, non-root, exposing its ports, with a HEALTHCHECK',
    (name) => {
      const { dockerfile: file, args } = buildOf(name);
      const problems = checkDockerfile(readRepoFile(file), {
        service: name,
        contextDir: workspaceRoot,
        file,
        dockerignore: readDockerignore(workspaceRoot),
        buildArgs: args,
        ports: containerPorts(name),
      });
      expect(problems).toEqual([]);
    },
  );
});

describe('docker-compose.yml', () => {
  let services: ServiceConfig[];

  beforeAll(async () => {
    services = await loadServices();
  });

  it('parses, builds from existing contexts and Dockerfiles, and sets only known config keys of each service', () => {
    const compose = parseComposeFile(readRepoFile('docker-compose.yml'));
    expect(checkComposeFile(compose, workspaceRoot, services)).toEqual([]);
  });

  it('starts each service after its migrations completed and its data services are healthy', () => {
    const compose = parseComposeFile(readRepoFile('docker-compose.yml'));
    for (const service of services.filter((candidate) => candidate.migrate !== undefined)) {
      const dependsOn = compose.services?.[service.name]?.depends_on as Record<
        string,
        { condition?: string }
      >;
      expect(dependsOn[`${service.name}-migrate`]?.condition).toBe('service_completed_successfully');
    }
  });
});
