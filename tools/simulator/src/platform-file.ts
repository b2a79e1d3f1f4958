import { readFile } from 'node:fs/promises';
import { compileValidator, platformFileSchema, type PlatformFile } from '@homeport/contracts';

const validator = compileValidator(platformFileSchema);

/** Where the embedded platform writes its addresses, relative to the directory it was started in. */
export const defaultPlatformFilePath = '.data/platform.json';

/**
 * Reads and checks the file the embedded platform writes at start (`.data/platform.json`). Throws an error
 * that says what to do when it is missing, and what is wrong when it is not a valid platform file.
 */
export async function readPlatformFile(path: string): Promise<PlatformFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? `no platform file at ${path}: start the embedded platform first, or say where the platform is`
        : `cannot read the platform file ${path}: ${String(error)}`,
      { cause: error },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`the platform file ${path} is not JSON: ${String(error)}`, { cause: error });
  }
  if (!validator.isValid(value)) {
    throw new Error(`the platform file ${path} is not valid: ${validator.explain(value).join('; ')}`);
  }
  return value;
}
