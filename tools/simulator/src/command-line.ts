/** A bad argument: the command prints its message and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What a command line asks for: the help text, or a run with these options. */
export type CliRequest<Options> =
  { readonly kind: 'help' } | { readonly kind: 'run'; readonly options: Options };

/** A long-running command of the tools (bench, fuzz, chaos): how it reads its arguments and runs. */
export interface CommandLineTool<Options> {
  /** Prefix of its error lines (`fuzz: ...`). */
  readonly name: string;
  /** The --help text. */
  readonly usage: string;
  /** Reads the arguments; throws UsageError naming what is wrong. */
  parse(args: readonly string[]): CliRequest<Options>;
  /** What the first Ctrl-C does, on stderr (`stopping: ...`); a second one quits at once. */
  readonly stoppingMessage: string;
  /** Runs; `signal` aborts at the first Ctrl-C. Resolves with the exit code. */
  run(
    options: Options,
    run: { readonly args: readonly string[]; readonly signal: AbortSignal },
  ): Promise<number>;
}

async function runTool<Options>(tool: CommandLineTool<Options>, args: readonly string[]): Promise<number> {
  let request: CliRequest<Options>;
  try {
    request = tool.parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${tool.name}: ${error.message}\n(--help lists the options)\n`);
    return 2;
  }
  if (request.kind === 'help') {
    process.stdout.write(tool.usage);
    return 0;
  }
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\n${tool.stoppingMessage} (Ctrl-C again quits at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await tool.run(request.options, { args, signal: controller.signal });
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/**
 * The main of a command: parses `process.argv` (2 on a UsageError), prints --help, runs with a signal that
 * the first Ctrl-C aborts, and sets the exit code; an unexpected error is printed with its stack (1).
 */
export function runCommandLine<Options>(tool: CommandLineTool<Options>): void {
  // exitCode rather than exit(): the process ends by itself once every socket and timer is gone.
  runTool(tool, process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `${tool.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}

/** A numeric option: `fallback` when absent; else a number >= `min` (an integer when `integer`). */
export function readNumberOption(
  name: string,
  text: string | undefined,
  fallback: number,
  { min, integer = false }: { readonly min: number; readonly integer?: boolean },
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const kind = integer ? 'an integer' : 'a number';
  if (text.trim() === '' || !(integer ? Number.isInteger(value) : Number.isFinite(value)) || value < min) {
    throw new UsageError(`${name} must be ${kind} >= ${min}, not "${text}"`);
  }
  return value;
}

/** A comma-separated subset of `known`, in `known`'s order whatever the order given; all of them when absent. */
export function readListOption<T extends string>(
  name: string,
  text: string | undefined,
  known: readonly T[],
): T[] {
  if (text === undefined) return [...known];
  const asked = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const unknown = asked.filter((item) => !(known as readonly string[]).includes(item));
  if (unknown.length > 0 || asked.length === 0) {
    throw new UsageError(`${name} takes ${known.join(', ')}; not "${text}"`);
  }
  return known.filter((item) => asked.includes(item));
}
