import { AppError } from '@homeport/errors';
import type { AlertPosition } from './ports';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The opaque cursor of the page after `position` (base64url: callers pass it back, never read it). */
export function encodeAlertCursor(position: AlertPosition): string {
  return Buffer.from(`${position.pendingSinceMs}/${position.alertId}`).toString('base64url');
}

/** The position a cursor stands for; a cursor this service did not make is 400 ALERT_CURSOR_INVALID. */
export function decodeAlertCursor(cursor: string): AlertPosition {
  const [ms, alertId, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('/');
  const pendingSinceMs = Number(ms);
  if (rest.length > 0 || !Number.isSafeInteger(pendingSinceMs) || !uuidPattern.test(alertId ?? '')) {
    throw new AppError('invalid', 'ALERT_CURSOR_INVALID', 'cursor is not one this API returned', {
      details: { field: 'cursor' },
    });
  }
  return { pendingSinceMs, alertId: alertId ?? '' };
}
