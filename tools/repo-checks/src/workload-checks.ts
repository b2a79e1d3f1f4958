import {
  describeObject,
  resolveContainerEnvironment,
  serviceContainers,
  type Container,
  type K8sObject,
  type Probe,
  type WorkloadEnvironmentOptions,
} from './kubernetes';
import { probePaths, type ProgramConfig, type ServiceConfig } from './services';

const servedPaths: readonly string[] = Object.values(probePaths);

function settingOf(
  program: ProgramConfig,
  env: readonly { key: string; value: string }[],
  key: string,
): string | undefined {
  const set = env.find((entry) => entry.key === key)?.value;
  if (set !== undefined && set !== '') return set;
  const fallback = (program.schema.properties as Record<string, { default?: unknown } | undefined>)[key]
    ?.default;
  if (fallback === undefined) return undefined;
  return typeof fallback === 'string' ? fallback : JSON.stringify(fallback);
}

function checkProbe(
  where: string,
  kind: 'livenessProbe' | 'readinessProbe' | 'startupProbe',
  probe: Probe | undefined,
  expectedPath: string | undefined,
  container: Container,
  httpPort: string | undefined,
): string[] {
  if (probe === undefined) return kind === 'startupProbe' ? [] : [`${where}: has no ${kind}`];
  const get = probe.httpGet;
  if (get === undefined)
    return [`${where}: ${kind} is not an HTTP GET of the service's ${servedPaths.join(' or ')}`];
  const problems: string[] = [];
  const path = get.path ?? '/';
  if (!servedPaths.includes(path)) {
    problems.push(`${where}: ${kind} path ${path} is not one the service serves (${servedPaths.join(', ')})`);
  } else if (expectedPath !== undefined && path !== expectedPath) {
    problems.push(`${where}: ${kind} path is ${path}, expected ${expectedPath}`);
  }
  const port =
    typeof get.port === 'number'
      ? get.port
      : container.ports?.find((candidate) => candidate.name === get.port)?.containerPort;
  if (port === undefined) problems.push(`${where}: ${kind} port ${String(get.port)} is no container port`);
  else if (httpPort !== undefined && String(port) !== httpPort) {
    problems.push(`${where}: ${kind} port ${port} is not the service's HTTP_PORT ${httpPort}`);
  }
  return problems;
}

/**
 * Problems of the probes of each service container: liveness on /health, readiness on /ready (paths the
 * service serves, see the built-services test), a startup probe (if any) on one of them, all on the port
 * the service's HTTP_PORT makes it listen on.
 */
export function checkProbes(
  objects: readonly K8sObject[],
  services: readonly ServiceConfig[],
  options: WorkloadEnvironmentOptions = {},
): string[] {
  return serviceContainers(objects, services)
    .filter(({ entry }) => entry === 'main')
    .flatMap(({ object, container, program }) => {
      const where = `${describeObject(object)} container ${container.name}`;
      const { entries } = resolveContainerEnvironment(container, object.metadata.namespace, objects, options);
      const httpPort = settingOf(program, entries, 'HTTP_PORT');
      return [
        ...checkProbe(
          where,
          'livenessProbe',
          container.livenessProbe,
          probePaths.liveness,
          container,
          httpPort,
        ),
        ...checkProbe(
          where,
          'readinessProbe',
          container.readinessProbe,
          probePaths.readiness,
          container,
          httpPort,
        ),
        ...checkProbe(where, 'startupProbe', container.startupProbe, undefined, container, httpPort),
      ];
    });
}

function labelsMatch(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);
}

function podLabelsOf(object: K8sObject): Record<string, string> | undefined {
  return (object['spec'] as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)
    ?.template?.metadata?.labels;
}

/** The fields of a spec the coverage checks read (Service, NetworkPolicy, HPA, PDB). */
interface CoverageSpec {
  /** A Service's label map, or a PodDisruptionBudget's label selector (matchLabels). */
  readonly selector?: Record<string, unknown>;
  readonly podSelector?: { matchLabels?: Record<string, string> };
  readonly scaleTargetRef?: { name?: string };
}

function specOf(object: K8sObject): CoverageSpec {
  return object['spec'] ?? {};
}

/** Options of `checkServiceWorkloads`. */
export interface ServiceWorkloadOptions extends WorkloadEnvironmentOptions {
  /** Whether each service must have a HorizontalPodAutoscaler and a PodDisruptionBudget (not on the edge). */
  readonly availability: boolean;
}

function checkOneService(
  objects: readonly K8sObject[],
  service: ServiceConfig,
  options: ServiceWorkloadOptions,
): string[] {
  const containers = serviceContainers(objects, [service]);
  const main = containers.find(({ object, entry }) => object.kind === 'Deployment' && entry === 'main');
  if (main === undefined) return [`${service.name}: no Deployment runs its image's main program`];
  const { object: deployment, pod } = main;
  const labels = podLabelsOf(deployment);
  const problems: string[] = [];
  const selects = (kind: string, selectorOf: (spec: CoverageSpec) => Record<string, string> | undefined) =>
    objects.some((object) => {
      const selector = object.kind === kind ? selectorOf(specOf(object)) : undefined;
      return selector !== undefined && labelsMatch(selector, labels);
    });
  if (!selects('Service', (spec) => spec.selector as Record<string, string> | undefined)) {
    problems.push(`${service.name}: no Service selects its pods`);
  }
  if (!selects('NetworkPolicy', (spec) => spec.podSelector?.matchLabels)) {
    problems.push(`${service.name}: no NetworkPolicy of its own selects its pods`);
  }
  if (options.availability) {
    const scaled = objects.some(
      (object) =>
        object.kind === 'HorizontalPodAutoscaler' &&
        specOf(object).scaleTargetRef?.name === deployment.metadata.name,
    );
    if (!scaled) problems.push(`${service.name}: no HorizontalPodAutoscaler scales its Deployment`);
    if (
      !selects(
        'PodDisruptionBudget',
        (spec) => spec.selector?.['matchLabels'] as Record<string, string> | undefined,
      )
    ) {
      problems.push(`${service.name}: no PodDisruptionBudget covers its pods`);
    }
  }
  if (
    service.migrate !== undefined &&
    !containers.some(({ object, entry }) => object.kind === 'Job' && entry === 'migrate')
  ) {
    problems.push(`${service.name}: has migrations but no Job runs its migrate entry point`);
  }
  const grace = pod.terminationGracePeriodSeconds;
  const { entries } = resolveContainerEnvironment(
    main.container,
    deployment.metadata.namespace,
    objects,
    options,
  );
  const shutdownGraceMs = settingOf(service.main, entries, 'SHUTDOWN_GRACE_MS');
  if (grace === undefined)
    problems.push(`${describeObject(deployment)}: sets no terminationGracePeriodSeconds`);
  else if (shutdownGraceMs !== undefined && grace * 1000 <= Number(shutdownGraceMs)) {
    problems.push(
      `${describeObject(deployment)}: terminationGracePeriodSeconds ${grace} s is not above SHUTDOWN_GRACE_MS ${shutdownGraceMs}`,
    );
  }
  for (const { object, container } of containers) {
    for (const part of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (container.resources?.[part]?.[resource] === undefined) {
          problems.push(`${describeObject(object)} container ${container.name}: no ${resource} ${part}`);
        }
      }
    }
  }
  return problems;
}

/**
 * Problems of what each service must have in a rendered overlay: a Deployment of its main program with a
 * termination grace period covering its shutdown, resource requests and limits on every container, a
 * Service and a NetworkPolicy selecting its pods, a migration Job when it has migrations, and (unless
 * `availability` is off) an autoscaler and a disruption budget.
 */
export function checkServiceWorkloads(
  objects: readonly K8sObject[],
  services: readonly ServiceConfig[],
  options: ServiceWorkloadOptions,
): string[] {
  return services.flatMap((service) => checkOneService(objects, service, options));
}
