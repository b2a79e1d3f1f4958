import type { ApiAnswer } from '../api/console-api';
import type { BatchRow } from './device-batch';
import type { ProvisionedDevice } from './provisioned-device';

/** public-api's answer to a batch: one result per device sent, at the device's index. */
type BatchAnswer = ApiAnswer<'/v1/vendors/{vendorId}/devices/batch', 'post'>;

/** What became of a row of the batch: its device, or public-api's refusal (its code and message). */
export type BatchOutcome =
  | { readonly row: BatchRow; readonly outcome: 'created'; readonly device: ProvisionedDevice }
  | { readonly row: BatchRow; readonly outcome: 'refused'; readonly code: string; readonly message: string };

/** The rows of the file with what public-api answered for each (results name the index of the row sent). */
export function toBatchOutcomes(rows: readonly BatchRow[], answer: BatchAnswer): BatchOutcome[] {
  return answer.results.flatMap((result): BatchOutcome[] => {
    const row = rows[result.index];
    if (row === undefined) return [];
    return result.outcome === 'created'
      ? [{ row, outcome: 'created', device: result.device }]
      : [{ row, outcome: 'refused', code: result.code, message: result.message }];
  });
}

/** The body of the batch: each row as public-api's single provisioning takes it. */
export function toBatchRequest(rows: readonly BatchRow[]) {
  return {
    devices: rows.map((row) => ({
      productId: row.productId,
      ...(row.id !== undefined && { id: row.id }),
      ...(row.name !== undefined && { name: row.name }),
    })),
  };
}
