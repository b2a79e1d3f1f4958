import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

interface GraphNode {
  data: { root: string; tags?: string[] };
}
interface ProjectGraph {
  graph: { nodes: Record<string, GraphNode>; dependencies: Record<string, { target: string }[]> };
}

const workspaceRoot = join(__dirname, '..', '..', '..');

/** The folders (relative to the workspace) a tsconfig.json lists in its `references`. */
function readReferences(tsconfigDir: string): string[] {
  const tsconfig = JSON.parse(readFileSync(join(workspaceRoot, tsconfigDir, 'tsconfig.json'), 'utf8')) as {
    references?: { path: string }[];
  };
  return (tsconfig.references ?? []).map((reference) =>
    relative(workspaceRoot, resolve(workspaceRoot, tsconfigDir, reference.path)),
  );
}

function readProjectGraph(): ProjectGraph {
  const file = join(mkdtempSync(join(tmpdir(), 'homeport-graph-')), 'graph.json');
  execFileSync(join(workspaceRoot, 'node_modules', '.bin', 'nx'), ['graph', `--file=${file}`], {
    cwd: workspaceRoot,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
  return JSON.parse(readFileSync(file, 'utf8')) as ProjectGraph;
}

describe('the nx project graph', () => {
  const { nodes, dependencies } = readProjectGraph().graph;
  // The workspace root is a project for the workspace-wide typecheck (the root package.json's `nx`, tagged
  // type:workspace for its scripts/); it is no app, lib or tool, and its tsconfig.json's references are checked
  // below.
  const projects = Object.entries(nodes)
    .filter(([, node]) => node.data.root !== '.')
    .map(([name, node]) => ({ name, ...node.data, tags: node.data.tags ?? [] }));
  const internalDependencies = (name: string) =>
    (dependencies[name] ?? []).map((edge) => edge.target).filter((target) => target in nodes);

  it('every project is tagged by the folder it lives in', () => {
    for (const project of projects) {
      const expectedTag = `type:${project.root.split('/')[0]?.replace(/s$/, '') ?? ''}`;
      expect({ project: project.name, tags: project.tags }).toEqual({
        project: project.name,
        tags: expect.arrayContaining([expectedTag]) as unknown,
      });
    }
  });

  it('apps and libs depend only on libs, never on apps or tools', () => {
    const composers = ['type:tool', 'type:host'];
    for (const project of projects.filter(
      (candidate) => !candidate.tags.some((tag) => composers.includes(tag)),
    )) {
      for (const target of internalDependencies(project.name)) {
        expect({ from: project.name, to: target, toTags: nodes[target]?.data.tags }).toEqual({
          from: project.name,
          to: target,
          toTags: expect.arrayContaining(['type:lib']) as unknown,
        });
      }
    }
  });

  it('the graph sees libs using each other (so the checks above are not vacuous)', () => {
    expect(internalDependencies('@homeport/messaging')).toEqual(
      expect.arrayContaining(['@homeport/contracts', '@homeport/errors']),
    );
  });

  it('contracts depend on nothing of ours', () => {
    expect(internalDependencies('@homeport/contracts')).toEqual([]);
  });

  it('every lib exposes src/index.ts and has a README', () => {
    const libs = projects.filter((project) => project.tags.includes('type:lib'));
    expect(libs.length).toBeGreaterThanOrEqual(7);
    for (const lib of libs) {
      const root = join(workspaceRoot, lib.root);
      expect({ lib: lib.name, index: existsSync(join(root, 'src', 'index.ts')) }).toEqual({
        lib: lib.name,
        index: true,
      });
      expect({ lib: lib.name, readme: existsSync(join(root, 'README.md')) }).toEqual({
        lib: lib.name,
        readme: true,
      });
    }
  });

  // `tsc -b` reads a referenced project's declarations; an import without its reference is no error, only
  // the lib's sources checked again in every project that forgot it (slower CI), so it is checked here.
  it("every project's tsconfig references exactly the projects it depends on, and the root lists them all", () => {
    const roots = new Set(projects.map((project) => project.root));
    for (const project of projects) {
      const dependsOn = internalDependencies(project.name).map((target) => nodes[target]?.data.root);
      const references = readReferences(project.root).filter((path) => roots.has(path));
      expect({ project: project.name, references: references.sort() }).toEqual({
        project: project.name,
        references: [...new Set(dependsOn)].sort(),
      });
    }
    const listed = readReferences('.').filter((path) => roots.has(path));
    expect(listed.sort()).toEqual([...roots].sort());
  });
});
