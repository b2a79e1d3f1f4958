import { queryRows } from '@homeport/storage';
import { credentialIdOf, type AuditLog } from '../domain/audit';
import type { Pool } from './postgres';

/** The audit log in `public_api.audit_entries`. */
export function createPgAuditLog(pool: Pool): AuditLog {
  return {
    async record(entry) {
      const { caller } = entry;
      await queryRows(
        pool,
        `INSERT INTO public_api.audit_entries (at, action, outcome, actor_kind, actor_user_id, actor_vendor_id,
           credential_kind, credential_id, address, home_id, vendor_id, device_id, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          entry.at,
          entry.action,
          entry.outcome,
          caller.kind,
          caller.kind === 'user' ? caller.userId : null,
          caller.kind === 'vendor' ? caller.vendorId : null,
          caller.credential.kind,
          credentialIdOf(caller),
          caller.address,
          entry.homeId ?? null,
          entry.vendorId ?? null,
          entry.deviceId ?? null,
          JSON.stringify(entry.details ?? {}),
        ],
      );
    },
  };
}
