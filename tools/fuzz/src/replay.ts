import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { sleep } from '@homeport/testing';
import { fuzzModes, type FuzzMode } from './cli-options';
import { watchProcesses, type CrashFile } from './crash-watch';
import { createFindings } from './findings';
import { createSendContext } from './fuzz-mode';
import { prepareFuzzWorld } from './fuzz-world';
import { describeInput } from './inputs';
import { startPlatform } from './run-fuzz';
import { sendInput } from './send-input';

/** Time for an input's effects (fan-out and state-workers work after the PUBACK) before the next one. */
const settleMs = 300;

function readMode(mode: string): FuzzMode {
  const known = fuzzModes.find((candidate) => candidate === mode);
  if (known === undefined)
    throw new Error(`the crash file's mode "${mode}" is not one of ${fuzzModes.join(', ')}`);
  return known;
}

/**
 * Sends a crash file's inputs one at a time to a fresh platform of its mode, and names the first after which
 * a process is dead (saved alone to `<file>.culprit.json`). Exit code 1 when one kills it. Aborting `signal`
 * (Ctrl-C) stops sending and stops the platform.
 */
export async function replayCrashFile(file: string, outDir: string, signal: AbortSignal): Promise<number> {
  const crash = JSON.parse(await readFile(file, 'utf8')) as CrashFile;
  const mode = readMode(crash.mode);
  const say = (text: string) => process.stderr.write(`replay: ${text}\n`);
  say(`${crash.inputs.length} inputs against a fresh ${mode} platform (results in ${outDir})`);
  const platform = await startPlatform(mode, say);
  try {
    const world = await prepareFuzzWorld(platform, {
      hostileVendorId: `fz${randomBytes(3).toString('hex')}-hostile`,
      innocentTopics: [],
    });
    const watch = watchProcesses(platform.processes, 100, () => undefined);
    const context = createSendContext(platform, world, createFindings(), watch);
    try {
      for (const [index, input] of crash.inputs.entries()) {
        if (signal.aborted) {
          process.stdout.write(
            `interrupted after ${index} of ${crash.inputs.length} inputs; none killed the platform\n`,
          );
          return 130;
        }
        const outcome = await sendInput(input, context, 0);
        await sleep(settleMs);
        const dead = watch.check();
        if (dead === undefined) continue;
        const culpritFile = `${file.replace(/\.json$/, '')}.culprit.json`;
        await writeFile(culpritFile, `${JSON.stringify({ ...crash, ...dead, inputs: [input] }, null, 1)}\n`);
        process.stdout.write(
          `input ${index + 1} of ${crash.inputs.length} killed ${dead.process} (${dead.exitStatus}); outcome ${outcome}:\n` +
            `  ${describeInput(input)}\n  saved alone in ${culpritFile}\n  last log lines:\n` +
            `${dead.logTail
              .trim()
              .split('\n')
              .slice(-6)
              .map((line) => `    ${line.slice(0, 300)}`)
              .join('\n')}\n`,
        );
        return 1;
      }
    } finally {
      watch.stop();
      for (const sender of context.payloadSenders) sender.publisher.close();
    }
    process.stdout.write(
      `none of the ${crash.inputs.length} inputs, sent one at a time, killed the platform\n`,
    );
    return 0;
  } finally {
    await platform.close();
  }
}
