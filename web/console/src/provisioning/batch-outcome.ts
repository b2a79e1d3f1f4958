import type { BatchRow } from './device-batch';
import type { ProvisionedDevice } from './provisioned-device';

/** What became of a row of the batch: its device, or public-api's refusal (its code and message). */
export type BatchOutcome =
  | { readonly row: BatchRow; readonly outcome: 'created'; readonly device: ProvisionedDevice }
  | { readonly row: BatchRow; readonly outcome: 'refused'; readonly code: string; readonly message: string };

/** The outcome of a row from public-api's answer: the device, or the refusal's code (a status when none). */
export function toBatchOutcome(
  row: BatchRow,
  answer: { readonly data?: ProvisionedDevice; readonly error?: unknown; readonly status?: number },
): BatchOutcome {
  if (answer.data !== undefined) return { row, outcome: 'created', device: answer.data };
  const refusal = answer.error as { code?: unknown; message?: unknown } | undefined;
  return {
    row,
    outcome: 'refused',
    code: typeof refusal?.code === 'string' ? refusal.code : `HTTP_${answer.status ?? 'NO_ANSWER'}`,
    message: typeof refusal?.message === 'string' ? refusal.message : 'the server could not be reached',
  };
}
