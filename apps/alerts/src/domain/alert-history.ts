import type { AcknowledgeAlertRequest, AlertListQuery } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AlertRecord } from './alert-events';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor';
import type { AlertHistoryStore, AlertScope } from './ports';

/** A page of the history, newest first, and the cursor of the next (older) page. */
export interface AlertPage {
  readonly items: readonly AlertRecord[];
  readonly nextCursor: string | null;
}

/** The history's use cases, served by the internal API (public-api passes the caller's scope). */
export interface AlertHistory {
  list(query: AlertListQuery): Promise<AlertPage>;
  get(alertId: string, scope: AlertScope): Promise<AlertRecord>;
  /** Acknowledges a firing alert (again: the same answer, nothing new); snoozes its rule on the device. */
  acknowledge(alertId: string, scope: AlertScope, request: AcknowledgeAlertRequest): Promise<AlertRecord>;
}

const notFound = (alertId: string) =>
  new AppError('not_found', 'ALERT_NOT_FOUND', `no alert ${alertId} in this scope`);

/** A scope names at most one of a home and a vendor. */
export function checkAlertScope(scope: AlertScope): AlertScope {
  if (scope.homeId !== undefined && scope.vendorId !== undefined) {
    throw new AppError('invalid', 'ALERT_SCOPE_INVALID', 'name at most one scope: homeId or vendorId');
  }
  return scope;
}

/** Creates the use cases; `onAcknowledged` wakes the outbox relay. */
export function createAlertHistory(deps: {
  readonly store: AlertHistoryStore;
  readonly now: () => number;
  readonly onAcknowledged: () => void;
}): AlertHistory {
  const { store } = deps;
  const get = async (alertId: string, scope: AlertScope) => {
    const alert = await store.get(alertId, checkAlertScope(scope));
    if (alert === undefined) throw notFound(alertId);
    return alert;
  };
  return {
    async list({ homeId, vendorId, cursor, limit = 100, from, to, ...filters }) {
      if ((homeId === undefined) === (vendorId === undefined)) {
        throw new AppError('invalid', 'ALERT_SCOPE_REQUIRED', 'name exactly one scope: homeId or vendorId');
      }
      const scope = homeId === undefined ? { vendorId } : { homeId };
      const after = cursor === undefined ? null : decodeAlertCursor(cursor);
      const rows = await store.list(
        {
          ...filters,
          scope,
          ...(from !== undefined && { fromMs: Date.parse(from) }),
          ...(to !== undefined && { toMs: Date.parse(to) }),
        },
        { limit: limit + 1, after },
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const nextCursor =
        rows.length > limit && last !== undefined
          ? encodeAlertCursor({ pendingSinceMs: last.pendingSinceMs, alertId: last.alertId })
          : null;
      return { items, nextCursor };
    },
    get,
    async acknowledge(alertId, scope, { userId, snoozeSeconds }) {
      const nowMs = deps.now();
      const snoozedUntilMs = snoozeSeconds === undefined ? null : nowMs + snoozeSeconds * 1000;
      const acknowledged = await store.acknowledge(alertId, checkAlertScope(scope), {
        userId,
        nowMs,
        snoozedUntilMs,
      });
      if (acknowledged !== undefined) {
        deps.onAcknowledged();
        return acknowledged;
      }
      const current = await get(alertId, scope);
      if (current.acknowledgedAtMs !== null) return current;
      throw new AppError(
        'conflict',
        'ALERT_NOT_FIRING',
        `alert ${alertId} is ${current.status}, not firing`,
        {
          details: { status: current.status },
        },
      );
    },
  };
}
