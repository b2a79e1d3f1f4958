import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderKustomization, type K8sObject } from '../../src/kubernetes';
import { workspaceRoot } from '../../src/services';

/** The kustomizations the repository ships, with what each must contain. */
export const kustomizations = [
  // The quick cluster: ships its development Secrets.
  { name: 'base', dir: 'k8s/base', availability: true },
  { name: 'production', dir: 'k8s/overlays/production', availability: true },
  // One node: no autoscalers or disruption budgets.
  { name: 'edge', dir: 'k8s/overlays/edge', availability: false },
  { name: 'mesh', dir: 'k8s/overlays/mesh', availability: true },
] as const;

const rendered = new Map<string, K8sObject[]>();

/** The objects of a kustomization (rendered once per test file). */
export function render(dir: string): K8sObject[] {
  const cached = rendered.get(dir);
  if (cached !== undefined) return cached;
  const objects = renderKustomization(path.join(workspaceRoot, dir));
  rendered.set(dir, objects);
  return objects;
}

/** The Secrets of k8s/base: the keys of the Secrets the other overlays leave to the operator. */
export function baseSecrets(): K8sObject[] {
  return render('k8s/base').filter((object) => object.kind === 'Secret');
}

/** A file of the repository as text. */
export function readRepoFile(relativePath: string): string {
  return readFileSync(path.join(workspaceRoot, relativePath), 'utf8');
}
