import { queryRows } from '@homeport/storage';
import type { OwnTracksCredential, OwnTracksCredentialRepository } from '../domain/locations';
import type { Pool } from './postgres';

interface CredentialRow {
  id: string;
  user_id: string;
  phone: string;
  username: string;
  created_at: Date;
  last_used_at: Date | null;
}

const columns = 'id, user_id, phone, username, created_at, last_used_at';

const toCredential = (row: CredentialRow): OwnTracksCredential => ({
  id: row.id,
  userId: row.user_id,
  phone: row.phone,
  username: row.username,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});

/** OwnTracks credentials in `public_api.owntracks_credentials`. */
export function createPgOwnTracksCredentialRepository(pool: Pool): OwnTracksCredentialRepository {
  return {
    async insert(credential, passwordHash) {
      await queryRows(
        pool,
        `INSERT INTO public_api.owntracks_credentials (id, user_id, phone, username, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          credential.id,
          credential.userId,
          credential.phone,
          credential.username,
          passwordHash,
          credential.createdAt,
        ],
      );
    },

    async listOfUser(userId) {
      const rows = await queryRows<CredentialRow>(
        pool,
        `SELECT ${columns} FROM public_api.owntracks_credentials
         WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
        [userId],
      );
      return rows.map(toCredential);
    },

    async revoke(userId, credentialId, now) {
      const rows = await queryRows(
        pool,
        `UPDATE public_api.owntracks_credentials SET revoked_at = $3
         WHERE user_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id`,
        [userId, credentialId, now],
      );
      return rows.length > 0;
    },

    async use(username, passwordHash, now) {
      const rows = await queryRows<CredentialRow>(
        pool,
        `UPDATE public_api.owntracks_credentials SET last_used_at = $3
         WHERE username = $1 AND password_hash = $2 AND revoked_at IS NULL RETURNING ${columns}`,
        [username, passwordHash, now],
      );
      return rows[0] === undefined ? undefined : toCredential(rows[0]);
    },
  };
}
