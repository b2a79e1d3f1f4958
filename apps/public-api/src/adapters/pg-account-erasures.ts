import { inTransaction, queryRows } from '@homeport/storage';
import type { AccountErasures } from '../domain/account-deletion';
import type { Pool } from './postgres';

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
      // A failed publish ends the round and is thrown once the ones before it are removed (committed).
      const round: { failure?: { error: unknown } } = {};
      const published = await inTransaction(pool, async (db) => {
        const rows = await queryRows<{ user_id: string; deleted_at: Date }>(
          db,
          `SELECT user_id, deleted_at FROM public_api.account_deletions
           ORDER BY deleted_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [limit],
        );
        const done: string[] = [];
        for (const row of rows) {
          try {
            await publish({ userId: row.user_id, deletedAt: row.deleted_at });
          } catch (error) {
            round.failure = { error };
            break;
          }
          done.push(row.user_id);
        }
        await queryRows(db, 'DELETE FROM public_api.account_deletions WHERE user_id = ANY($1::uuid[])', [
          done,
        ]);
        return done.length;
      });
      if (round.failure !== undefined) throw round.failure.error;
      return published;
    },
  };
}
