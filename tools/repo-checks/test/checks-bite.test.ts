// The checks are functions of the artifacts: each is run here on a mutated copy and must fail, naming
// what is wrong. (So a green run of the other suites means something.)
import { checkComposeFile, parseComposeFile } from '../src/compose';
import { checkDockerfile, readDockerignore } from '../src/dockerfile';
import { checkKubernetesSchemas, checkWorkloadEnvironments, type K8sObject } from '../src/kubernetes';
import { loadServices, workspaceRoot, type ServiceConfig } from '../src/services';
import { checkProbes, checkServiceWorkloads } from '../src/workload-checks';
import { baseSecrets, readRepoFile, render } from './support/artifacts';

type Mutable = Record<string, unknown> & K8sObject;

let services: ServiceConfig[];

beforeAll(async () => {
  services = await loadServices();
});

/** A deep copy of the base render with `mutate` applied to the object of that kind and name. */
function mutateBase(kind: string, name: RegExp, mutate: (object: Mutable) => void): K8sObject[] {
  const objects = structuredClone(render('k8s/base')) as Mutable[];
  const target = objects.find((object) => object.kind === kind && name.test(object.metadata.name));
  if (target === undefined) throw new Error(`no ${kind} ${String(name)} in k8s/base`);
  mutate(target);
  return objects;
}

function brokerApiContainer(object: Mutable): Record<string, unknown> {
  const spec = object['spec'] as { template: { spec: { containers: Record<string, unknown>[] } } };
  return spec.template.spec.containers[0]!;
}

describe('the manifest checks', () => {
  it('accept the shipped base (the starting point of every mutation)', () => {
    expect(checkWorkloadEnvironments(render('k8s/base'), services)).toEqual([]);
  });

  it('refuse an env key the service does not know, set through a ConfigMap', () => {
    const objects = mutateBase('ConfigMap', /^broker-api-config/, (configMap) => {
      (configMap['data'] as Record<string, string>)['MQTT_MAX_CONNECTIONS'] = '100';
    });
    expect(checkWorkloadEnvironments(objects, services)).toEqual([
      expect.stringMatching(
        /Deployment platform\/broker-api container broker-api: sets MQTT_MAX_CONNECTIONS, which is not a config key of broker-api/,
      ),
    ]);
  });

  it('refuse an env key the service does not know, set directly on the container', () => {
    const objects = mutateBase('Deployment', /^state-workers$/, (deployment) => {
      brokerApiContainer(deployment)['env'] = [{ name: 'INFLUX_BUCKET', value: 'homeport' }];
    });
    expect(checkWorkloadEnvironments(objects, services)).toEqual([
      expect.stringContaining('sets INFLUX_BUCKET, which is not a config key of state-workers'),
    ]);
  });

  it('refuse a missing required key, a secret in a ConfigMap and a value the schema refuses', () => {
    const objects = mutateBase('Secret', /^broker-api-secrets$/, (secret) => {
      delete (secret['stringData'] as Record<string, string>)['BROKER_API_TOKEN'];
    });
    const configMap = objects.find((object) =>
      object.metadata.name.startsWith('broker-api-config'),
    ) as Mutable;
    Object.assign(configMap['data'] as Record<string, string>, {
      DEVICE_SECRET_PEPPER: 'x'.repeat(40),
      MQTT_PORT: 'mqtt',
    });
    const problems = checkWorkloadEnvironments(objects, services);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('does not set BROKER_API_TOKEN, which broker-api requires'),
        expect.stringContaining('sets secret key DEVICE_SECRET_PEPPER from a configmap, not from a Secret'),
        expect.stringMatching(/MQTT_PORT is refused by broker-api's schema/),
      ]),
    );
  });

  it('refuse a shipped secret that libs/config does not know as a development value, and one without the flag', () => {
    const objects = mutateBase('Secret', /^fan-out-secrets$/, (secret) => {
      const data = secret['stringData'] as Record<string, string>;
      data['MQTT_PASSWORD'] = 'another-fan-out-token-0123456789abcdef';
      delete data['HOMEPORT_ALLOW_DEVELOPMENT_SECRETS'];
    });
    expect(checkWorkloadEnvironments(objects, services)).toEqual([
      expect.stringContaining(
        "ships a value of secret key MQTT_PASSWORD that libs/config's development-secrets.ts does not list",
      ),
      expect.stringMatching(/AMQP_URL is refused by fan-out's schema \(holds a development value/),
      expect.stringMatching(/REDIS_URL is refused by fan-out's schema \(holds a development value/),
    ]);
  });

  it('refuse a migration Job whose env the migrate entry point does not know', () => {
    const objects = mutateBase('Job', /^broker-api-migrate$/, (job) => {
      brokerApiContainer(job)['env'] = [
        { name: 'MIGRATIONS_DIR', value: '/app/migrations' },
        { name: 'SCHEMA', value: 'x' },
      ];
    });
    expect(checkWorkloadEnvironments(objects, services)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'Job platform/broker-api-migrate container migrate: sets SCHEMA, which is not a config key of broker-api migrate',
        ),
        expect.stringContaining('does not set DATABASE_URL, which broker-api migrate requires'),
      ]),
    );
  });

  it('refuse a reference to a Secret that neither the overlay nor the base ships', () => {
    const objects = render('k8s/overlays/production');
    expect(checkWorkloadEnvironments(objects, services)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('references Secret platform/broker-api-secrets, which is not shipped'),
      ]),
    );
    expect(checkWorkloadEnvironments(objects, services, { secretTemplates: baseSecrets() })).toEqual([]);
  });

  it('refuse a wrong probe path and a probe on another port than HTTP_PORT', () => {
    const objects = mutateBase('Deployment', /^fan-out$/, (deployment) => {
      const container = brokerApiContainer(deployment);
      container['livenessProbe'] = { httpGet: { path: '/healthz', port: 'http' } };
      container['readinessProbe'] = { httpGet: { path: '/ready', port: 9090 } };
    });
    expect(checkProbes(objects, services)).toEqual([
      'Deployment platform/fan-out container fan-out: livenessProbe path /healthz is not one the service serves (/health, /ready)',
      "Deployment platform/fan-out container fan-out: readinessProbe port 9090 is not the service's HTTP_PORT 8080",
    ]);
  });

  it('refuse a missing probe, a missing limit, a missing autoscaler and a short grace period', () => {
    let objects = mutateBase('Deployment', /^fan-out$/, (deployment) => {
      const container = brokerApiContainer(deployment);
      delete container['readinessProbe'];
      delete (container['resources'] as Record<string, unknown>)['limits'];
      (deployment['spec'] as { template: { spec: Record<string, unknown> } }).template.spec[
        'terminationGracePeriodSeconds'
      ] = 5;
    });
    objects = objects.filter(
      (object) => !(object.kind === 'HorizontalPodAutoscaler' && object.metadata.name === 'fan-out'),
    );
    expect(checkProbes(objects, services)).toEqual([
      'Deployment platform/fan-out container fan-out: has no readinessProbe',
    ]);
    expect(checkServiceWorkloads(objects, services, { availability: true })).toEqual([
      'fan-out: no HorizontalPodAutoscaler scales its Deployment',
      'Deployment platform/fan-out: terminationGracePeriodSeconds 5 s is not above SHUTDOWN_GRACE_MS 5000',
      'Deployment platform/fan-out container fan-out: no cpu limits',
      'Deployment platform/fan-out container fan-out: no memory limits',
    ]);
  });

  it('refuse an object that does not match its Kubernetes schema', async () => {
    const objects = mutateBase('Deployment', /^broker-api$/, (deployment) => {
      (deployment['spec'] as Record<string, unknown>)['replicas'] = 'two';
    });
    expect(await checkKubernetesSchemas(objects)).toEqual([
      expect.stringMatching(/^Deployment platform\/broker-api: .*replicas/),
    ]);
  });
});

describe('the Dockerfile check', () => {
  const file = 'apps/broker-api/Dockerfile';
  const check = (text: string) =>
    checkDockerfile(text, {
      service: 'broker-api',
      contextDir: workspaceRoot,
      file,
      dockerignore: readDockerignore(workspaceRoot),
    });

  it('refuses a COPY of a path that does not exist', () => {
    const text = readRepoFile(file).replace('COPY libs/ libs/', 'COPY libz/ libs/');
    expect(check(text)).toEqual([
      expect.stringMatching(
        /^apps\/broker-api\/Dockerfile:\d+: COPY source libz\/ does not exist in the build context$/,
      ),
    ]);
  });

  it('refuses a COPY of a path that .dockerignore excludes', () => {
    const text = readRepoFile(file).replace(
      'COPY libs/ libs/',
      'COPY libs/ libs/\nCOPY tools/repo-checks/ tools/repo-checks/',
    );
    expect(check(text)).toEqual([
      expect.stringContaining('COPY source tools/repo-checks/ is excluded by .dockerignore'),
    ]);
  });

  it('refuses a root final stage, a missing HEALTHCHECK and another base image', () => {
    const text = readRepoFile(file)
      .replace(/^USER node$/m, '')
      .replace(/^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, '')
      .replace(/^FROM node:24-bookworm-slim$/m, 'FROM node:20');
    expect(check(text)).toEqual([
      expect.stringContaining('FROM node:20 is not node:24-bookworm-slim'),
      'apps/broker-api/Dockerfile: the final stage runs as root (no USER)',
      'apps/broker-api/Dockerfile: no exec-form HEALTHCHECK on /health',
    ]);
  });
});

describe('the compose check', () => {
  it('refuses an unknown env key, a missing required key, a missing Dockerfile and an unknown dependency', () => {
    const compose = parseComposeFile(readRepoFile('docker-compose.yml'));
    const brokerApi = compose.services!['broker-api']! as unknown as Record<string, unknown>;
    const environment = brokerApi['environment'] as Record<string, string>;
    environment['BROKER_TOKEN'] = 'x'.repeat(40);
    delete environment['DEVICE_SECRET_PEPPER'];
    brokerApi['build'] = { context: '.', dockerfile: 'apps/broker-api/Dockerfile.prod' };
    (brokerApi['depends_on'] as Record<string, unknown>)['postgresql'] = { condition: 'service_healthy' };
    expect(checkComposeFile(compose, workspaceRoot, services)).toEqual([
      'compose service broker-api: Dockerfile apps/broker-api/Dockerfile.prod does not exist',
      'compose service broker-api: depends_on postgresql, which is no service of the file',
      'compose service broker-api: sets BROKER_TOKEN, which is not a config key of broker-api',
      'compose service broker-api: does not set DEVICE_SECRET_PEPPER, which broker-api requires',
    ]);
  });
});
