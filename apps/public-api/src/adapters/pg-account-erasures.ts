import { inTransaction, queryRows } from '@homeport/storage';
import type { AccountErasures } from '../domain/account-deletion';
import type { Pool } from './postgres';

/** How long a relay round holds the deletions it publishes (another replica's round skips them meanwhile). */
const leaseSeconds = 30;

// Oldest first; a row claimed by a round that died is taken again once its lease ran out.
const claimSql = `
  UPDATE public_api.account_deletions d SET claimed_until = now() + make_interval(secs => $2)
  FROM (
    SELECT user_id FROM public_api.account_deletions
    WHERE claimed_until IS NULL OR claimed_until < now()
    ORDER BY deleted_at LIMIT $1 FOR UPDATE SKIP LOCKED
  ) due
  WHERE d.user_id = due.user_id
  RETURNING d.user_id, d.deleted_at`;

/** Account erasure and its outbox in PostgreSQL; the user's own rows go by the foreign keys' ON DELETE CASCADE. */
export function createPgAccountErasures(pool: Pool): AccountErasures {
  return {
    erase: ({ userId, email, homeIds, deletedAt }) =>
      inTransaction(pool, async (db) => {
        // The home's members, invitations and webhook endpoints cascade from it.
        await queryRows(db, 'DELETE FROM public_api.homes WHERE id = ANY($1::uuid[])', [homeIds]);
        await queryRows(db, 'DELETE FROM public_api.invitations WHERE email = $1 AND accepted_at IS NULL', [
          email,
        ]);
        await queryRows(
          db,
          'INSERT INTO public_api.account_deletions (user_id, deleted_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [userId, deletedAt],
        );
        await queryRows(db, 'DELETE FROM public_api.users WHERE id = $1', [userId]);
      }),

    async publishPending(limit, publish) {
      const rows = await queryRows<{ user_id: string; deleted_at: Date }>(pool, claimSql, [
        limit,
        leaseSeconds,
      ]);
      const published: string[] = [];
      try {
        for (const row of rows) {
          await publish({ userId: row.user_id, deletedAt: row.deleted_at });
          published.push(row.user_id);
        }
      } finally {
        // What failed stays claimed until the lease ends, then the relay tries it again.
        await queryRows(pool, 'DELETE FROM public_api.account_deletions WHERE user_id = ANY($1::uuid[])', [
          published,
        ]);
      }
      return published.length;
    },
  };
}
