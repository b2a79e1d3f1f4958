import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { execForm, isDockerIgnored, parseDockerfile, splitArguments } from './dockerfile';

const run = promisify(execFile);

/** What the image of a service would run, reproduced in a directory (no container engine here). */
export interface SimulatedImage {
  /** Stands for the final stage's WORKDIR (/app): the build output copied from the build stage. */
  readonly appDir: string;
  /** The final stage's ENV. */
  readonly env: Readonly<Record<string, string>>;
  /** The final stage's CMD (exec form). */
  readonly command: readonly string[];
  /** The final stage's HEALTHCHECK command (exec form). */
  readonly healthcheck: readonly string[];
}

function copyIntoStage(
  source: string,
  destination: string,
  contextDir: string,
  ignore: readonly string[],
): void {
  const from = path.join(contextDir, source);
  const filter = (file: string) => !isDockerIgnored(path.relative(contextDir, file), ignore);
  if (statSync(from).isDirectory()) {
    // COPY dir/ dest/ copies the directory's contents.
    for (const entry of readdirSync(from)) {
      cpSync(path.join(from, entry), path.join(destination, entry), { recursive: true, filter });
    }
  } else {
    const target = destination.endsWith('/') ? path.join(destination, path.basename(source)) : destination;
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(from, target, { filter });
  }
}

/**
 * Reproduces a service's image build without a container engine: copies what the build stage COPYs
 * (honouring .dockerignore) into a fresh directory standing for its WORKDIR, runs the stage's RUN commands
 * there with only Node 24 and npm on the PATH (no workspace node_modules), and returns the output the
 * final stage copies, with the final stage's ENV, CMD and HEALTHCHECK.
 */
export async function simulateImageBuild(options: {
  readonly dockerfile: string;
  readonly contextDir: string;
  readonly dockerignore: readonly string[];
  readonly workDir: string;
  readonly nodeBinary: string;
}): Promise<SimulatedImage> {
  const instructions = parseDockerfile(options.dockerfile);
  const finalStage = Math.max(...instructions.map((instruction) => instruction.stage));
  const finalCopy = instructions.find(
    (instruction) =>
      instruction.stage === finalStage &&
      instruction.keyword === 'COPY' &&
      'from' in splitArguments(instruction.rest).flags,
  );
  if (finalCopy === undefined) throw new Error('the final stage copies nothing from a build stage');
  const outputInImage = (splitArguments(finalCopy.rest).args[0] ?? '').replace(/\/$/, '');
  if (outputInImage === '') throw new Error('the final stage copies no path from the build stage');
  const stageDir = path.join(options.workDir, 'stage');
  const outputDir = path.join(options.workDir, 'output');
  const binDir = path.join(options.workDir, 'bin');
  mkdirSync(stageDir, { recursive: true });
  mkdirSync(binDir, { recursive: true });
  symlinkSync(options.nodeBinary, path.join(binDir, 'node'));
  const env = { ...process.env, PATH: `${binDir}:${process.env['PATH'] ?? ''}` };
  for (const instruction of instructions.filter((candidate) => candidate.stage < finalStage)) {
    const { args } = splitArguments(instruction.rest);
    if (instruction.keyword === 'COPY') {
      const target = args.at(-1) ?? '';
      const destination = path.join(stageDir, target) + (target.endsWith('/') ? '/' : '');
      for (const source of args.slice(0, -1)) {
        copyIntoStage(source, destination, options.contextDir, options.dockerignore);
      }
    } else if (instruction.keyword === 'RUN') {
      const command = args.join(' ').replaceAll(outputInImage, outputDir);
      await run('bash', ['-c', command], { cwd: stageDir, env, maxBuffer: 16 * 1024 * 1024 });
    }
  }
  const finalInstructions = instructions.filter((instruction) => instruction.stage === finalStage);
  const imageEnv: Record<string, string> = {};
  for (const instruction of finalInstructions.filter((candidate) => candidate.keyword === 'ENV')) {
    const [key = '', ...value] = instruction.rest.split('=');
    imageEnv[key.trim()] = value.join('=').trim();
  }
  const last = (keyword: string) =>
    finalInstructions.filter((instruction) => instruction.keyword === keyword).pop();
  return {
    appDir: outputDir,
    env: imageEnv,
    command: execForm(last('CMD')?.rest ?? '') ?? [],
    healthcheck: execForm(last('HEALTHCHECK')?.rest ?? '') ?? [],
  };
}
