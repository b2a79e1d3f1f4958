import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { build } from 'esbuild';
import { ZipFile } from 'yazl';

/** What packaging made: the bundle (the handler and everything it imports) and the zip AWS Lambda takes. */
export interface LambdaPackage {
  readonly bundlePath: string;
  readonly zipPath: string;
}

const projectRoot = path.resolve(__dirname, '..');

/**
 * Bundles src/handler.ts into one CommonJS file (`index.js`, handler `index.handler`: no node_modules to
 * ship) for Lambda's Node.js runtimes, and zips it as the function's deployment package.
 */
export async function packageLambda(outDir = path.join(projectRoot, 'dist')): Promise<LambdaPackage> {
  await mkdir(outDir, { recursive: true });
  const bundlePath = path.join(outDir, 'index.js');
  await build({
    entryPoints: [path.join(projectRoot, 'src/handler.ts')],
    outfile: bundlePath,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  const zipPath = path.join(outDir, 'alexa-lambda.zip');
  const zip = new ZipFile();
  // A fixed time keeps the zip the same for the same code, so a deployment can tell nothing changed.
  zip.addBuffer(await readFile(bundlePath), 'index.js', { mtime: new Date('2026-01-01T00:00:00Z') });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(zipPath));
  return { bundlePath, zipPath };
}
