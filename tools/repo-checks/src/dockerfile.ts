import { existsSync, globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { probePaths } from './services';

/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  /** 1-based line of the instruction's start. */
  readonly line: number;
  /** Upper-case keyword: FROM, COPY, RUN, ... */
  readonly keyword: string;
  readonly rest: string;
  /** Index of the stage (FROM) it belongs to; -1 before the first FROM. */
  readonly stage: number;
}

/** Splits a Dockerfile into instructions (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  const lineAt = (index: number) => lines[index]?.trim() ?? '';
  let stage = -1;
  for (let index = 0; index < lines.length; index += 1) {
    const start = index;
    let current = lineAt(index);
    if (current === '' || current.startsWith('#')) continue;
    while (current.endsWith('\\') && index + 1 < lines.length) {
      index += 1;
      const next = lineAt(index);
      current = `${current.slice(0, -1).trimEnd()} ${next.startsWith('#') ? '' : next}`.trimEnd();
    }
    const [keyword = '', ...rest] = current.split(/\s+/);
    if (keyword.toUpperCase() === 'FROM') stage += 1;
    instructions.push({ line: start + 1, keyword: keyword.toUpperCase(), rest: rest.join(' '), stage });
  }
  return instructions;
}

/** The flags (`--from=build`) and arguments of an instruction; JSON array form is read too. */
export function splitArguments(rest: string): { flags: Record<string, string>; args: string[] } {
  const flags: Record<string, string> = {};
  let remaining = rest.trim();
  for (
    let match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(remaining);
    match !== null;
    match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(remaining)
  ) {
    flags[match[1] ?? ''] = match[2] ?? 'true';
    remaining = remaining.slice(match[0].length);
  }
  if (remaining.startsWith('[')) return { flags, args: JSON.parse(remaining) as string[] };
  return { flags, args: remaining === '' ? [] : remaining.split(/\s+/) };
}

/** The exec-form command of CMD, or of HEALTHCHECK after its options (`CMD [...]`). */
export function execForm(rest: string): string[] | undefined {
  const start = rest.indexOf('[');
  if (start === -1) return undefined;
  try {
    return JSON.parse(rest.slice(start)) as string[];
  } catch {
    return undefined;
  }
}

/** True when `.dockerignore` patterns exclude a path of the build context (or one of its parents). */
export function isDockerIgnored(relativePath: string, patterns: readonly string[]): boolean {
  const toRegExp = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/\/+$/, '')
        .replace(/[.+^${}()|[\]]/g, '\\$&')
        .split('**/')
        .map((part) => part.replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
        .join('(?:.*/)?')}$`,
    );
  const parts = relativePath
    .replace(/^\.?\/+/, '')
    .replace(/\/+$/, '')
    .split('/');
  const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const regExp = toRegExp(negated ? pattern.slice(1) : pattern);
    if (prefixes.some((prefix) => regExp.test(prefix))) ignored = !negated;
  }
  return ignored;
}

/** The patterns of the build context's .dockerignore (none when it has none). */
export function readDockerignore(contextDir: string): string[] {
  const file = path.join(contextDir, '.dockerignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** What `checkDockerfile` checks a Dockerfile against. */
export interface DockerfileContext {
  /** The service the image is for (apps/<service>). */
  readonly service: string;
  /** The build context (the repository root). */
  readonly contextDir: string;
  /** For messages: the Dockerfile's path. */
  readonly file: string;
  readonly dockerignore: readonly string[];
}

function checkCopySources(instruction: Instruction, context: DockerfileContext): string[] {
  const { flags, args } = splitArguments(instruction.rest);
  if (flags['from'] !== undefined) return [];
  const where = `${context.file}:${instruction.line}`;
  return args.slice(0, -1).flatMap((source) => {
    const relative = source.replace(/^\.?\//, '');
    const matches = /[*?[]/.test(relative)
      ? globSync(relative, { cwd: context.contextDir })
      : existsSync(path.join(context.contextDir, relative))
        ? [relative]
        : [];
    if (matches.length === 0)
      return [`${where}: ${instruction.keyword} source ${source} does not exist in the build context`];
    if (matches.every((match) => isDockerIgnored(match, context.dockerignore))) {
      return [`${where}: ${instruction.keyword} source ${source} is excluded by .dockerignore`];
    }
    return [];
  });
}

/**
 * Problems of a service's Dockerfile: multi-stage on node:24-bookworm-slim, COPY sources that exist in
 * the build context (and are not .dockerignored), the build stage running scripts/build-service.sh for
 * this service, and a final stage that runs as a non-root user, has a HEALTHCHECK on /health and
 * starts `node` on dist/main.js.
 */
export function checkDockerfile(text: string, context: DockerfileContext): string[] {
  const instructions = parseDockerfile(text);
  const problems: string[] = [];
  const froms = instructions.filter((instruction) => instruction.keyword === 'FROM');
  if (froms.length < 2) problems.push(`${context.file}: is not multi-stage (${froms.length} FROM)`);
  for (const from of froms) {
    const image = splitArguments(from.rest).args[0];
    if (image !== 'node:24-bookworm-slim')
      problems.push(`${context.file}:${from.line}: FROM ${image ?? ''} is not node:24-bookworm-slim`);
  }
  for (const instruction of instructions.filter((candidate) => ['COPY', 'ADD'].includes(candidate.keyword))) {
    problems.push(...checkCopySources(instruction, context));
  }
  const buildCommand = new RegExp(`scripts/build-service\\.sh\\s+${context.service}\\s`);
  if (
    !instructions.some((instruction) => instruction.keyword === 'RUN' && buildCommand.test(instruction.rest))
  ) {
    problems.push(`${context.file}: no RUN of scripts/build-service.sh ${context.service}`);
  }
  const finalStage = instructions.filter((instruction) => instruction.stage === froms.length - 1);
  const last = (keyword: string) => finalStage.filter((instruction) => instruction.keyword === keyword).pop();
  const user = last('USER')?.rest.split(':')[0];
  if (user === undefined || user === 'root' || user === '0')
    problems.push(`${context.file}: the final stage runs as root (no USER)`);
  const healthcheck = execForm(last('HEALTHCHECK')?.rest ?? '');
  if (healthcheck === undefined || !healthcheck.join(' ').includes(probePaths.liveness)) {
    problems.push(`${context.file}: no exec-form HEALTHCHECK on ${probePaths.liveness}`);
  }
  const command = execForm(last('CMD')?.rest ?? '');
  if (command?.[0] !== 'node' || command.at(-1) !== 'dist/main.js') {
    problems.push(`${context.file}: CMD does not start node on dist/main.js`);
  }
  return problems;
}
