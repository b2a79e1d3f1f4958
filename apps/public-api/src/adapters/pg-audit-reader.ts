import { queryRows } from '@homeport/storage';
import type { AuditEvent } from '../domain/audit';
import type { AuditReader, RecordedAuditEntry } from '../domain/audit-reading';
import type { Pool } from './postgres';

interface EntryRow {
  id: string;
  at: Date;
  action: string;
  outcome: AuditEvent['outcome'];
  actor_kind: 'user' | 'vendor';
  actor_user_id: string | null;
  actor_vendor_id: string | null;
  credential_kind: string;
  credential_id: string;
  address: string;
  home_id: string | null;
  vendor_id: string | null;
  device_id: string | null;
  details: NonNullable<AuditEvent['details']>;
}

// The log's column is one of two constants (never from the request); both have an index on (column, id).
// ORDER BY names the table's column: a bare `id` would be the selected text (`'9' > '10'`).
const statementFor = (column: 'home_id' | 'vendor_id', type: 'uuid' | 'text') =>
  `SELECT id::text, at, action, outcome, actor_kind, actor_user_id, actor_vendor_id, credential_kind,
          credential_id, address, home_id, vendor_id, device_id, details
     FROM public_api.audit_entries
    WHERE ${column} = $1 AND ${column} = ANY($2::${type}[])
      AND ($3::bigint IS NULL OR id < $3)
      AND ($4::text IS NULL OR action = $4)
      AND ($5::text IS NULL OR device_id = $5)
      AND ($6::timestamptz IS NULL OR at >= $6)
      AND ($7::timestamptz IS NULL OR at < $7)
    ORDER BY audit_entries.id DESC
    LIMIT $8`;
const homeStatement = statementFor('home_id', 'uuid');
const vendorStatement = statementFor('vendor_id', 'text');

const toEntry = (row: EntryRow): RecordedAuditEntry => ({
  id: row.id,
  at: row.at,
  action: row.action,
  outcome: row.outcome,
  actor: {
    kind: row.actor_kind,
    userId: row.actor_user_id,
    vendorId: row.actor_vendor_id,
    credential: { kind: row.credential_kind, id: row.credential_id },
  },
  address: row.address,
  ...(row.home_id !== null && { homeId: row.home_id }),
  ...(row.vendor_id !== null && { vendorId: row.vendor_id }),
  ...(row.device_id !== null && { deviceId: row.device_id }),
  details: row.details,
});

/** Reads `public_api.audit_entries`, each statement confined to the reader's homes or vendors. */
export function createPgAuditReader(pool: Pool): AuditReader {
  return {
    async listEntries(scope, log, page) {
      const [statement, id, allowed] =
        'homeId' in log
          ? [homeStatement, log.homeId, scope.homeIds]
          : [vendorStatement, log.vendorId, scope.vendorIds];
      const rows = await queryRows<EntryRow>(pool, statement, [
        id,
        allowed,
        page.before ?? null,
        page.action ?? null,
        page.deviceId ?? null,
        page.from ?? null,
        page.to ?? null,
        page.limit,
      ]);
      return rows.map(toEntry);
    },
  };
}
