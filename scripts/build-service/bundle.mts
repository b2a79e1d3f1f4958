// Step of scripts/build-service.sh (run by Node 24 directly, types stripped): bundles one service with
// esbuild (our workspace libs inlined, third-party packages external), writes the production package.json
// that lists exactly the third-party dependencies of the service and its libs (versions pinned to the
// lockfile), and copies the migrations beside the bundle in the layout main.js expects (../migrations).
//   node scripts/build-service/bundle.mts <service> <outDir> <dir whose node_modules holds esbuild>
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import type * as Esbuild from 'esbuild';

interface WorkspacePackage {
  readonly dir: string;
  readonly name: string;
  readonly version?: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly exports?: Readonly<Record<string, string>>;
  /** A service's entry points besides src/main.ts, by bundle name (`"admin": "src/admin.ts"` -> dist/admin.js). */
  readonly homeport?: { readonly entryPoints?: Readonly<Record<string, string>> };
}

interface LockFile {
  readonly packages: Readonly<Record<string, { readonly version?: string } | undefined>>;
}

const workspaceRoot = path.resolve(import.meta.dirname, '..', '..');
const internalScope = '@homeport/';
/** Second entry point (dist/migrate.js) of every service that has migrations: the migration Job runs it. */
const migrateEntry = path.join(workspaceRoot, 'scripts', 'migrate', 'main.ts');

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Every workspace package (apps, libs, tools) by package name. */
function readWorkspaces(): Map<string, WorkspacePackage> {
  const packages = new Map<string, WorkspacePackage>();
  for (const group of ['apps', 'libs', 'tools']) {
    const groupDir = path.join(workspaceRoot, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir)) {
      const file = path.join(groupDir, entry, 'package.json');
      if (!existsSync(file)) continue;
      const json = readJson(file) as Omit<WorkspacePackage, 'dir' | 'dependencies'> & {
        dependencies?: Record<string, string>;
      };
      packages.set(json.name, { ...json, dir: path.dirname(file), dependencies: json.dependencies ?? {} });
    }
  }
  return packages;
}

/** The third-party "dependencies" of a package and of every @homeport package it depends on, transitively. */
function collectThirdPartyDependencies(
  start: WorkspacePackage,
  workspaces: ReadonlyMap<string, WorkspacePackage>,
): Map<string, { range: string; declaredBy: string }[]> {
  const found = new Map<string, { range: string; declaredBy: string }[]>();
  const seen = new Set<string>();
  const visit = (pkg: WorkspacePackage): void => {
    if (seen.has(pkg.name)) return;
    seen.add(pkg.name);
    for (const [name, range] of Object.entries(pkg.dependencies)) {
      if (name.startsWith(internalScope)) {
        const internal = workspaces.get(name);
        if (internal === undefined) throw new Error(`${pkg.name} depends on ${name}, which is no workspace`);
        visit(internal);
      } else {
        found.set(name, [
          ...(found.get(name) ?? []),
          { range, declaredBy: path.relative(workspaceRoot, pkg.dir) },
        ]);
      }
    }
  };
  visit(start);
  return found;
}

/** Pins each dependency to the version the lockfile installed for the workspaces that declare it. */
function pinToLockfile(
  dependencies: Map<string, { range: string; declaredBy: string }[]>,
): Record<string, string> {
  const lock = readJson(path.join(workspaceRoot, 'package-lock.json')) as LockFile;
  const pinned: Record<string, string> = {};
  for (const [name, declarations] of [...dependencies].sort(([a], [b]) => a.localeCompare(b))) {
    const versions = new Set(
      declarations.map(
        ({ declaredBy }) =>
          lock.packages[`${declaredBy}/node_modules/${name}`]?.version ??
          lock.packages[`node_modules/${name}`]?.version,
      ),
    );
    const [version, ...others] = [...versions];
    if (version === undefined || others.length > 0) {
      const where = declarations.map((d) => `${d.declaredBy} (${d.range})`).join(', ');
      throw new Error(`package-lock.json has no single version of ${name}, declared by ${where}`);
    }
    pinned[name] = version;
  }
  return pinned;
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Inlines @homeport/* from source (their package.json "exports"), keeps every other package external. */
function createWorkspacePlugin(
  workspaces: ReadonlyMap<string, WorkspacePackage>,
  imported: Map<string, string>,
): Esbuild.Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: 'homeport-workspace',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || builtins.has(args.path)) return { external: true };
        const name = packageNameOf(args.path);
        const internal = workspaces.get(name);
        if (internal !== undefined) {
          const subpath = `.${args.path.slice(name.length)}`;
          const target = internal.exports?.[subpath];
          if (target === undefined) return { errors: [{ text: `${name} does not export "${subpath}"` }] };
          return { path: path.join(internal.dir, target) };
        }
        if (!imported.has(name)) imported.set(name, path.relative(workspaceRoot, args.importer));
        return { external: true };
      });
    },
  };
}

async function bundle(service: string, outDir: string, esbuildHome: string): Promise<void> {
  const workspaces = readWorkspaces();
  const app = workspaces.get(`${internalScope}${service}`);
  if (app === undefined || !app.dir.startsWith(path.join(workspaceRoot, 'apps'))) {
    throw new Error(`no service apps/${service} (with package.json named ${internalScope}${service})`);
  }
  const migrationsDir = path.join(app.dir, 'migrations');
  const hasMigrations = existsSync(migrationsDir);
  const esbuild = createRequire(path.join(esbuildHome, 'package.json'))('esbuild') as typeof Esbuild;
  const imported = new Map<string, string>();
  await esbuild.build({
    entryPoints: {
      main: path.join(app.dir, 'src', 'main.ts'),
      ...(hasMigrations ? { migrate: migrateEntry } : {}),
      ...Object.fromEntries(
        Object.entries(app.homeport?.entryPoints ?? {}).map(([name, file]) => [
          name,
          path.join(app.dir, file),
        ]),
      ),
    },
    outdir: path.join(outDir, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node24',
    // CommonJS, as the sources run under tsx in development; import.meta.url is derived from __filename.
    format: 'cjs',
    define: { 'import.meta.url': '__homeportImportMetaUrl' },
    banner: { js: "const __homeportImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: true,
    keepNames: true,
    logLevel: 'warning',
    plugins: [createWorkspacePlugin(workspaces, imported)],
  });
  const declared = collectThirdPartyDependencies(app, workspaces);
  const undeclared = [...imported].filter(([name]) => !declared.has(name));
  if (undeclared.length > 0) {
    const list = undeclared.map(([name, importer]) => `${name} (imported by ${importer})`).join(', ');
    throw new Error(`imports that no package.json "dependencies" of ${service} or its libs declare: ${list}`);
  }
  const manifest = {
    name: `homeport-${service}`,
    version: app.version ?? '0.0.0',
    private: true,
    description: `Production image contents of ${service} (written by scripts/build-service.sh).`,
    main: 'dist/main.js',
    engines: { node: '>=24' },
    dependencies: pinToLockfile(declared),
  };
  writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (hasMigrations) cpSync(migrationsDir, path.join(outDir, 'migrations'), { recursive: true });
}

const [service, outDir, esbuildHome] = process.argv.slice(2);
if (service === undefined || outDir === undefined || esbuildHome === undefined) {
  console.error('usage: node scripts/build-service/bundle.mts <service> <outDir> <esbuildHome>');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
bundle(service, path.resolve(outDir), esbuildHome).catch((error: unknown) => {
  console.error(`build-service: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
