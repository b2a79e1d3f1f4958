import { checkKubernetesSchemas, checkWorkloadEnvironments, type K8sObject } from '../src/kubernetes';
import { loadServices, type ServiceConfig } from '../src/services';
import { checkProbes, checkServiceWorkloads } from '../src/workload-checks';
import { baseSecrets, kustomizations, render } from './support/artifacts';

let services: ServiceConfig[];

beforeAll(async () => {
  services = await loadServices();
});

describe.each(kustomizations)('the kustomization $dir', ({ dir, availability }) => {
  let objects: K8sObject[];

  beforeAll(() => {
    objects = render(dir);
  });

  it('renders with kubectl kustomize, and every object validates against the Kubernetes schemas', async () => {
    expect(objects.length).toBeGreaterThan(20);
    expect(await checkKubernetesSchemas(objects)).toEqual([]);
  });

  it('gives each service container only its config keys, every required one, secrets from Secrets, valid values', () => {
    expect(checkWorkloadEnvironments(objects, services, { secretTemplates: baseSecrets() })).toEqual([]);
  });

  it('probes liveness on /health and readiness on /ready, on the port the service listens on', () => {
    expect(checkProbes(objects, services, { secretTemplates: baseSecrets() })).toEqual([]);
  });

  it('has for every service a Deployment, Service, NetworkPolicy, migration Job and (not on the edge) HPA and PDB', () => {
    expect(
      checkServiceWorkloads(objects, services, { availability, secretTemplates: baseSecrets() }),
    ).toEqual([]);
  });

  it('puts the services in namespace platform and the data services, with volumes, in namespace data', () => {
    const namespaces = objects
      .filter((object) => object.kind === 'Namespace')
      .map((object) => object.metadata.name);
    expect(namespaces.sort()).toEqual(['data', 'platform']);
    for (const name of services.map((service) => service.name)) {
      const deployment = objects.find(
        (object) => object.kind === 'Deployment' && object.metadata.name === name,
      );
      expect({ name, namespace: deployment?.metadata.namespace }).toEqual({ name, namespace: 'platform' });
    }
    const statefulSets = objects.filter((object) => object.kind === 'StatefulSet');
    expect(statefulSets.map((object) => object.metadata.name).sort()).toEqual([
      'influxdb',
      'postgres',
      'rabbitmq',
      'redis',
    ]);
    for (const statefulSet of statefulSets) {
      const spec = statefulSet['spec'] as { volumeClaimTemplates?: unknown[] };
      expect({
        name: statefulSet.metadata.name,
        namespace: statefulSet.metadata.namespace,
        volumes: spec.volumeClaimTemplates?.length,
      }).toEqual({
        name: statefulSet.metadata.name,
        namespace: 'data',
        volumes: 1,
      });
    }
  });

  it('exposes the HTTP API through a TLS Ingress and MQTT / MQTTS through a LoadBalancer', () => {
    const ingress = objects.find((object) => object.kind === 'Ingress');
    expect((ingress?.['spec'] as { tls?: unknown[] } | undefined)?.tls?.length).toBeGreaterThan(0);
    const loadBalancer = objects.find(
      (object) => object.kind === 'Service' && (object['spec'] as { type?: string }).type === 'LoadBalancer',
    );
    const ports = (loadBalancer?.['spec'] as { ports?: { port: number }[] } | undefined)?.ports?.map(
      (port) => port.port,
    );
    expect(ports).toEqual(expect.arrayContaining([1883, 8883]));
  });
});

describe('the overlays', () => {
  it('production, mesh and edge ship no Secrets (they are created outside Git); base ships development ones', () => {
    expect(baseSecrets().length).toBeGreaterThan(0);
    for (const dir of ['k8s/overlays/production', 'k8s/overlays/mesh', 'k8s/overlays/edge']) {
      expect({
        dir,
        secrets: render(dir)
          .filter((object) => object.kind === 'Secret')
          .map((object) => object.metadata.name),
      }).toEqual({
        dir,
        secrets: [],
      });
    }
  });

  it('edge runs one replica of everything', () => {
    const workloads = render('k8s/overlays/edge').filter((object) =>
      ['Deployment', 'StatefulSet'].includes(object.kind),
    );
    for (const workload of workloads) {
      expect({
        name: workload.metadata.name,
        replicas: (workload['spec'] as { replicas?: number }).replicas,
      }).toEqual({
        name: workload.metadata.name,
        replicas: 1,
      });
    }
  });

  it('mesh asks Linkerd to inject both namespaces and keeps migration Jobs out of the mesh', () => {
    const objects = render('k8s/overlays/mesh');
    for (const namespace of objects.filter((object) => object.kind === 'Namespace')) {
      const annotations = (namespace.metadata as { annotations?: Record<string, string> }).annotations;
      expect({ namespace: namespace.metadata.name, inject: annotations?.['linkerd.io/inject'] }).toEqual({
        namespace: namespace.metadata.name,
        inject: 'enabled',
      });
    }
    for (const job of objects.filter((object) => object.kind === 'Job')) {
      const template = (job['spec'] as { template: { metadata?: { annotations?: Record<string, string> } } })
        .template;
      expect(template.metadata?.annotations?.['linkerd.io/inject']).toBe('disabled');
    }
  });
});
