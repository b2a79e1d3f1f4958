import { platformFileExample } from '@homeport/contracts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlatformFile } from './platform-file';

describe('reading the platform file', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'homeport-platform-file-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('a file the platform wrote gives its addresses and token', async () => {
    const path = join(directory, 'platform.json');
    await writeFile(path, JSON.stringify(platformFileExample));
    await expect(readPlatformFile(path)).resolves.toEqual(platformFileExample);
  });

  it('when there is no file, the error says to start the platform', async () => {
    await expect(readPlatformFile(join(directory, 'missing.json'))).rejects.toThrow(
      /no platform file at .*missing\.json: start the embedded platform/,
    );
  });

  it('when the file lacks the token or is not JSON, the error says so', async () => {
    const path = join(directory, 'platform.json');
    const { brokerApiToken: _token, ...withoutToken } = platformFileExample;
    await writeFile(path, JSON.stringify(withoutToken));
    await expect(readPlatformFile(path)).rejects.toThrow(/not valid: .*brokerApiToken/);
    await writeFile(path, '{"brokerApiUrl": ');
    await expect(readPlatformFile(path)).rejects.toThrow(/is not JSON/);
  });
});
