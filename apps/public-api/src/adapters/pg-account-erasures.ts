import { userDeletedV1 } from '@homeport/contracts';
import {
  createPostgresOutbox,
  inTransaction,
  queryRows,
  writeOutboxEntries,
  type OutboxStore,
} from '@homeport/storage';
import type { AccountErasures } from '../domain/account-deletion';
import { writeAssistantFarewells } from './pg-assistant-farewells';
import type { Pool } from './postgres';

/** public-api's transactional outbox (migration 012). */
const outboxTable = 'public_api.outbox';

/** Account erasure in PostgreSQL; the user's own rows go by the foreign keys' ON DELETE CASCADE. */
export function createPgAccountErasures(pool: Pool): AccountErasures {
  return {
    async hasAlexaLink(userId) {
      const sql = 'SELECT 1 FROM public_api.alexa_links WHERE user_id = $1 LIMIT 1';
      return (await queryRows(pool, sql, [userId])).length > 0;
    },
    erase: ({ userId, email, homeIds, alexaEndpointIds, deletedAt }) =>
      inTransaction(pool, async (db) => {
        // The home's members, invitations and webhook endpoints cascade from it.
        await queryRows(db, 'DELETE FROM public_api.homes WHERE id = ANY($1::uuid[])', [homeIds]);
        await queryRows(db, 'DELETE FROM public_api.invitations WHERE email = $1 AND accepted_at IS NULL', [
          email,
        ]);
        // One message id per user, for the consumers' dedup; a second deletion of the id adds nothing.
        await writeOutboxEntries(db, outboxTable, [
          {
            messageType: userDeletedV1.type,
            messageId: `user-deleted/${userId}`,
            payload: { userId, deletedAt: deletedAt.getTime() },
          },
        ]);
        await writeAssistantFarewells(db, userId, alexaEndpointIds);
        await queryRows(db, 'DELETE FROM public_api.users WHERE id = $1', [userId]);
      }),
  };
}

/** The relay's side of public-api's outbox. */
export function createPgPublicApiOutbox(pool: Pool): OutboxStore {
  return createPostgresOutbox(pool, outboxTable);
}
