import { formatClaimCode, normalizeClaimCode } from '@homeport/contracts';

/**
 * The claim code a scanned QR code carries (contracts' payload `HOMEPORT:1:<code>`, or the code alone), grouped
 * as the claim form shows it; undefined when the QR code carries no claim code.
 */
export function claimCodeFromQr(text: string): string | undefined {
  const code = normalizeClaimCode(text);
  return code === undefined ? undefined : formatClaimCode(code);
}
