import { buildClaimQrPayload, normalizeClaimCode } from '@homeport/contracts';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { ClaimableDevice } from './provisioning';

/** Where the CLI writes the claim codes, relative to the directory it runs in (beside the platform file). */
export const defaultClaimCodesPath = '.data/claim-codes.json';

/** Devices whose codes are printed; a larger fleet's are in the file only. */
const printedAtMost = 20;

/** One line of the claim codes file. */
export interface ClaimCodeEntry {
  readonly deviceId: string;
  readonly claimCode: string;
  /** What a QR code printed on the device would hold. */
  readonly claimQrPayload: string;
}

/** The devices that can be claimed, with their code and QR payload. */
export function listClaimCodes(devices: readonly ClaimableDevice[]): ClaimCodeEntry[] {
  return devices.flatMap(({ deviceId, claimCode }) =>
    claimCode === null
      ? []
      : [
          {
            deviceId,
            claimCode,
            claimQrPayload: buildClaimQrPayload(normalizeClaimCode(claimCode) ?? claimCode),
          },
        ],
  );
}

/**
 * Writes the entries as a JSON array to `path` (its directory created when missing), whole or not at all: a
 * script waiting for the file never reads it half written.
 */
export async function writeClaimCodes(path: string, entries: readonly ClaimCodeEntry[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(entries, null, 2)}\n`);
}

/** What the CLI prints: a line per device (the first 20), how many are claimed already, and the file. */
export function describeClaimCodes(devices: readonly ClaimableDevice[], path: string): string {
  const entries = listClaimCodes(devices);
  const lines = entries
    .slice(0, printedAtMost)
    .map((entry) => `claim code of ${entry.deviceId}: ${entry.claimCode}`);
  if (entries.length > printedAtMost) lines.push(`... and ${entries.length - printedAtMost} more`);
  const claimed = devices.length - entries.length;
  if (claimed > 0) lines.push(`${claimed} device(s) already claimed: no code`);
  lines.push(`claim codes written to ${path}`);
  return `${lines.join('\n')}\n`;
}
