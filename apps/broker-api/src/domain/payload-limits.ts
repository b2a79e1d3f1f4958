import {
  findPayloadLimitViolation,
  findStateBudgetViolation,
  type PayloadLimitViolation,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';

function refuse(violation: PayloadLimitViolation, context: string | undefined): never {
  const message = context === undefined ? violation.message : `${context}: ${violation.message}`;
  throw new AppError('invalid', violation.code, message, { details: { path: violation.path } });
}

/**
 * Refuses (AppError `invalid` with the limit's code, e.g. PAYLOAD_TOO_DEEP: HTTP 400) a value a caller
 * sent that is beyond the payload limits of contracts, before any work is done with it (merge patches,
 * JSON.stringify and the database all recurse on nesting). Pass it as it would sit in the device payload
 * (`{ state }`, `{ params }`), so its depth counts as the device will see it and the path names it.
 */
export function requireWithinLimits(value: unknown, context?: string): void {
  const violation = findPayloadLimitViolation(value);
  if (violation !== undefined) refuse(violation, context);
}

/** Refuses a device's whole state beyond the payload limits or the state budget (DEVICE_STATE_TOO_LARGE). */
export function requireStateWithinBudget(state: Readonly<Record<string, unknown>>, context: string): void {
  requireWithinLimits({ state }, context);
  const violation = findStateBudgetViolation(state);
  if (violation !== undefined) refuse(violation, context);
}
