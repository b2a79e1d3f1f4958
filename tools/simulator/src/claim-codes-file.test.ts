import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClaimCodeEntry, writeClaimCodes } from './claim-codes-file';

describe('writing the claim codes file', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'homeport-claim-codes-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  function entries(count: number, round: number): ClaimCodeEntry[] {
    return Array.from({ length: count }, (_, index) => ({
      deviceId: `thermostat-${round}-${index}`,
      claimCode: 'ABCDE-FGHJK-MNPQR-STVWX',
      claimQrPayload: 'HOMEPORT:1:ABCDE-FGHJK-MNPQR-STVWX',
    }));
  }

  it('a script reading the file while it is rewritten always reads one whole list', async () => {
    const path = join(directory, 'codes', 'claim-codes.json');
    await writeClaimCodes(path, entries(2_000, 0));
    const rewrites = { running: true };
    const writes = (async () => {
      for (let round = 1; round <= 20; round += 1) await writeClaimCodes(path, entries(2_000, round));
      rewrites.running = false;
    })();
    const lengths: number[] = [];
    while (rewrites.running) {
      lengths.push((JSON.parse(await readFile(path, 'utf8')) as ClaimCodeEntry[]).length);
    }
    await writes;

    expect(lengths.length).toBeGreaterThan(0);
    expect(new Set(lengths)).toEqual(new Set([2_000]));
    expect(await readdir(join(directory, 'codes'))).toEqual(['claim-codes.json']);
  });
});
