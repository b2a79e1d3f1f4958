import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkComposeFile, parseComposeFile } from '../src/compose';
import { checkDockerfile, readDockerignore } from '../src/dockerfile';
import { listServiceNames, loadServices, workspaceRoot, type ServiceConfig } from '../src/services';
import { readRepoFile, render } from './support/artifacts';

describe('every service', () => {
  const names = listServiceNames();

  it('is found (apps/*)', () => {
    expect(names).toEqual(expect.arrayContaining(['broker-api', 'state-workers']));
  });

  it.each(names)('%s has a config schema, a Dockerfile and a Kubernetes manifest', async (name) => {
    const [service] = (await loadServices()).filter((candidate) => candidate.name === name);
    expect(service?.main.keys.length).toBeGreaterThan(0);
    expect(existsSync(path.join(workspaceRoot, 'apps', name, 'Dockerfile'))).toBe(true);
    expect(existsSync(path.join(workspaceRoot, 'k8s', 'base', 'platform', name, 'kustomization.yaml'))).toBe(
      true,
    );
    const deployments = render('k8s/base').filter((object) => object.kind === 'Deployment');
    expect(deployments.map((object) => object.metadata.name)).toContain(name);
  });

  it.each(names)(
    '%s has a Dockerfile whose COPY sources exist, multi-stage, non-root, with a HEALTHCHECK',
    (name) => {
      const file = `apps/${name}/Dockerfile`;
      const problems = checkDockerfile(readRepoFile(file), {
        service: name,
        contextDir: workspaceRoot,
        file,
        dockerignore: readDockerignore(workspaceRoot),
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
