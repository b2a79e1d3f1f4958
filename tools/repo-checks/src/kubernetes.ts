import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { checkProgramEnvironment, type EnvEntry } from './environment-check';
import type { ProgramConfig, ServiceConfig } from './services';

/** A Kubernetes object as rendered by kustomize (only the fields the checks read are typed). */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

/** The parts of a container the checks read. */
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly EnvFromSource[];
  readonly ports?: readonly { name?: string; containerPort: number }[];
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}
interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    configMapKeyRef?: { name: string; key: string };
    secretKeyRef?: { name: string; key: string };
    fieldRef?: unknown;
    resourceFieldRef?: unknown;
  };
}
interface EnvFromSource {
  readonly prefix?: string;
  readonly configMapRef?: { name: string };
  readonly secretRef?: { name: string };
}
/** A probe; only HTTP probes are read. */
export interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port: number | string };
}
/** A pod template's spec, as far as the checks read it. */
export interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly terminationGracePeriodSeconds?: number;
}

/** Renders a kustomization directory with `kubectl kustomize` into its objects. */
export function renderKustomization(dir: string): K8sObject[] {
  const output = execFileSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
  });
  return parseManifests(output);
}

/** Parses a multi-document YAML manifest; throws on a YAML error. */
export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(document.errors.map((error) => error.message).join('; '));
    const value = document.toJS() as K8sObject | null;
    return value === null ? [] : [value];
  });
}

/** `Kind namespace/name`, for messages. */
export function describeObject(object: K8sObject): string {
  return `${object.kind} ${object.metadata.namespace ?? '(no namespace)'}/${object.metadata.name}`;
}

/** Validates each object against the Kubernetes schemas of kubernetes-models (the class of its apiVersion/kind). */
export async function checkKubernetesSchemas(objects: readonly K8sObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    let Model: new (data: unknown) => { validate(): void };
    try {
      const loaded = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`)) as Record<
        string,
        unknown
      >;
      Model = loaded[object.kind] as typeof Model;
    } catch {
      problems.push(
        `${describeObject(object)}: no Kubernetes schema for ${object.apiVersion} ${object.kind}`,
      );
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${describeObject(object)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** The pod spec of a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod), else undefined. */
export function podSpecOf(object: K8sObject): PodSpec | undefined {
  const spec = object['spec'] as Record<string, unknown> | undefined;
  if (spec === undefined) return undefined;
  switch (object.kind) {
    case 'Pod':
      return spec as unknown as PodSpec;
    case 'CronJob': {
      const job = spec['jobTemplate'] as { spec?: { template?: { spec?: PodSpec } } } | undefined;
      return job?.spec?.template?.spec;
    }
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return (spec['template'] as { spec?: PodSpec } | undefined)?.spec;
    default:
      return undefined;
  }
}

/** The service an image belongs to: the last segment of its repository (`registry/homeport/fan-out:1` -> fan-out). */
export function serviceOfImage(image: string | undefined): string | undefined {
  if (image === undefined) return undefined;
  const repository = (image.split('@')[0] ?? '').replace(/:[^/:]+$/, '');
  return repository.split('/').pop();
}

/** Which program of which service a container runs: the migrate entry point when its command names it. */
export function programOf(
  container: Pick<Container, 'image' | 'command' | 'args'>,
  services: readonly ServiceConfig[],
): { service: ServiceConfig; program: ProgramConfig; entry: 'main' | 'migrate' } | undefined {
  const service = services.find((candidate) => candidate.name === serviceOfImage(container.image));
  if (service === undefined) return undefined;
  const words = [...(container.command ?? []), ...(container.args ?? [])];
  if (!words.some((word) => word.endsWith('dist/migrate.js')))
    return { service, program: service.main, entry: 'main' };
  if (service.migrate === undefined) return undefined;
  return { service, program: service.migrate, entry: 'migrate' };
}

/** Keys and values of a ConfigMap (data) or Secret (stringData, and data decoded). */
function readData(object: K8sObject): Record<string, string> {
  const data = (object['data'] ?? {}) as Record<string, string>;
  const decoded =
    object.kind === 'Secret'
      ? Object.fromEntries(
          Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]),
        )
      : data;
  return { ...decoded, ...((object['stringData'] ?? {}) as Record<string, string>) };
}

/** Options of `checkWorkloadEnvironments`. */
export interface WorkloadEnvironmentOptions {
  /**
   * Secrets an overlay leaves to the operator (external-secrets component): their keys are those of the
   * same Secret in k8s/base, the template the operator fills in.
   */
  readonly secretTemplates?: readonly K8sObject[];
}

/** The environment a container gets (env and envFrom), resolving the ConfigMaps and Secrets it references. */
export function resolveContainerEnvironment(
  container: Container,
  namespace: string | undefined,
  objects: readonly K8sObject[],
  options: WorkloadEnvironmentOptions = {},
): { entries: EnvEntry[]; problems: string[] } {
  const entries: EnvEntry[] = [];
  const problems: string[] = [];
  const find = (kind: 'ConfigMap' | 'Secret', name: string) => {
    const matches = (object: K8sObject) =>
      object.kind === kind && object.metadata.name === name && object.metadata.namespace === namespace;
    const found =
      objects.find(matches) ?? (kind === 'Secret' ? options.secretTemplates?.find(matches) : undefined);
    if (found === undefined)
      problems.push(`references ${kind} ${namespace ?? ''}/${name}, which is not shipped`);
    return found === undefined ? undefined : readData(found);
  };
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    if (ref === undefined) continue;
    const kind = source.configMapRef === undefined ? 'Secret' : 'ConfigMap';
    const data = find(kind, ref.name) ?? {};
    for (const [key, value] of Object.entries(data)) {
      entries.push({
        key: `${source.prefix ?? ''}${key}`,
        value,
        source: kind === 'Secret' ? 'secret' : 'configmap',
      });
    }
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    const keyRef = from?.configMapKeyRef ?? from?.secretKeyRef;
    if (keyRef !== undefined) {
      const kind = from?.configMapKeyRef === undefined ? 'Secret' : 'ConfigMap';
      const data = find(kind, keyRef.name);
      if (data !== undefined && !(keyRef.key in data)) {
        problems.push(`references key ${keyRef.key} of ${kind} ${keyRef.name}, which it does not have`);
      }
      entries.push({
        key: variable.name,
        value: data?.[keyRef.key] ?? '',
        source: kind === 'Secret' ? 'secret' : 'configmap',
      });
    } else if (from !== undefined) {
      entries.push({ key: variable.name, value: 'value-from-the-pod', source: 'field' });
    } else {
      entries.push({ key: variable.name, value: variable.value ?? '', source: 'literal' });
    }
  }
  // In definition order: later definitions win, as in Kubernetes (env over envFrom).
  return { entries, problems };
}

/** Every container of every workload in `objects` that runs one of the services' programs. */
export function serviceContainers(objects: readonly K8sObject[], services: readonly ServiceConfig[]) {
  return objects.flatMap((object) => {
    const pod = podSpecOf(object);
    if (pod === undefined) return [];
    return [...(pod.initContainers ?? []), ...pod.containers].flatMap((container) => {
      const program = programOf(container, services);
      return program === undefined ? [] : [{ object, pod, container, ...program }];
    });
  });
}

/**
 * Problems of the environment each service container gets (including through the ConfigMaps and Secrets
 * it references): only keys its program's config schema knows, every required key set, secret keys only
 * from Secrets, values the schema accepts.
 */
export function checkWorkloadEnvironments(
  objects: readonly K8sObject[],
  services: readonly ServiceConfig[],
  options: WorkloadEnvironmentOptions = {},
): string[] {
  return serviceContainers(objects, services).flatMap(({ object, container, program }) => {
    const where = `${describeObject(object)} container ${container.name}`;
    const { entries, problems } = resolveContainerEnvironment(
      container,
      object.metadata.namespace,
      objects,
      options,
    );
    return [
      ...problems.map((problem) => `${where}: ${problem}`),
      ...checkProgramEnvironment(where, program, entries, { secretsFromSecretsOnly: true }),
    ];
  });
}
