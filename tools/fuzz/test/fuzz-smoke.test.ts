import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ModeReport } from '../src/fuzz-mode';

const workspaceRoot = path.join(__dirname, '..', '..', '..');

/** Runs the root script's command, as `npm run fuzz -- args` does; answers exit code and output. */
function runFuzz(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'tools/fuzz/src/main.ts', ...args],
      { cwd: workspaceRoot, timeout: 280_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr });
      },
    );
  });
}

describe('npm run fuzz, a few seconds of it', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'homeport-fuzz-test-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('300 hostile inputs of a fixed seed against the embedded platform: no crash, public-api reached behind its token, and 10 innocent devices keep their states', async () => {
    const args = ['--inputs', '300', '--modes', 'embedded', '--seed', '1', '--devices', '10'];
    const run = await runFuzz([...args, '--out', directory]);
    const [resultFile] = (await readdir(directory)).filter((name) => name.startsWith('fuzz-'));
    const result = JSON.parse(await readFile(path.join(directory, resultFile ?? 'missing'), 'utf8')) as {
      reports: ModeReport[];
    };
    const [report] = result.reports;
    // The crash first: it is what a failure of this test means (its inputs are saved; see the report).
    expect({
      crashes: report?.findings.crashes,
      stoppedEarly: report?.stoppedEarly,
      report: run.stdout,
    }).toEqual({
      crashes: [],
      stoppedEarly: undefined,
      report: expect.stringMatching(/embedded: 300 of 300 inputs/) as unknown,
    });
    expect(report?.findings.tried).toEqual({ 'mqtt-packet': 105, 'device-payload': 120, http: 75 });
    // public-api's routes are fuzzed too, and its fuzz user's session reaches the handlers behind the token.
    expect(report?.findings.httpOutcomes['public-api (token)']).toHaveProperty('200');
    expect(report?.innocents).toMatchObject({ devices: 10, connected: 10, lost: 0, stateCorrect: 10 });
    expect(report?.innocents?.published).toBeGreaterThan(0);
  }, 300_000);
});
