import { queryRows, type SqlPool } from '@homeport/storage';
import type { OutboxRelayStore } from '../domain/ports';

// Oldest first, so an alert's fired event goes out before its resolved one. A row claimed by a replica that
// died is claimed again once its lease ran out.
const claimSql = `
  UPDATE alerts.outbox o SET claimed_until = now() + make_interval(secs => $2 / 1000.0)
  FROM (
    SELECT id FROM alerts.outbox
    WHERE claimed_until IS NULL OR claimed_until < now()
    ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
  ) due
  WHERE o.id = due.id
  RETURNING o.id, o.message_type, o.message_id, o.payload`;

/** The relay's side of `alerts.outbox`. */
export function createPostgresOutbox(pool: SqlPool): OutboxRelayStore {
  return {
    async claim(limit, leaseMs) {
      const rows = await queryRows<{
        id: string;
        message_type: string;
        message_id: string;
        payload: unknown;
      }>(pool, claimSql, [limit, leaseMs]);
      return rows
        .map((row) => ({
          id: row.id,
          messageType: row.message_type,
          messageId: row.message_id,
          payload: row.payload,
        }))
        .sort((a, b) => Number(a.id) - Number(b.id));
    },
    async remove(ids) {
      if (ids.length > 0)
        await queryRows(pool, 'DELETE FROM alerts.outbox WHERE id = ANY($1::bigint[])', [ids]);
    },
  };
}
