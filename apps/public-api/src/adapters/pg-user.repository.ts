import { firstRow, queryRows, type SqlQueryable } from '@homeport/storage';
import type { User, UserRepository } from '../domain/users';

interface UserRow {
  id: string;
  email: string;
  email_verified_at: Date | null;
  password_hash: string;
  created_at: Date;
}

const userColumns = 'id, email, email_verified_at, password_hash, created_at';
const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  emailVerified: row.email_verified_at !== null,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
});

/** Users and their email tokens in PostgreSQL. */
export function createPgUserRepository(db: SqlQueryable): UserRepository {
  const findOne = async (where: string, value: string) => {
    const rows = await queryRows<UserRow>(
      db,
      `SELECT ${userColumns} FROM public_api.users WHERE ${where} = $1`,
      [value],
    );
    return rows[0] === undefined ? undefined : toUser(rows[0]);
  };
  return {
    async insertUser({ id, email, passwordHash }) {
      const rows = await queryRows<UserRow>(
        db,
        `INSERT INTO public_api.users (id, email, password_hash) VALUES ($1, $2, $3)
         ON CONFLICT (email) DO NOTHING RETURNING ${userColumns}`,
        [id, email, passwordHash],
      );
      return rows[0] === undefined ? undefined : toUser(rows[0]);
    },
    findUserByEmail: (email) => findOne('email', email),
    findUserById: (userId) => findOne('id', userId),
    async updatePasswordHash(userId, passwordHash) {
      await queryRows(db, 'UPDATE public_api.users SET password_hash = $2 WHERE id = $1', [
        userId,
        passwordHash,
      ]);
    },
    async markEmailVerified(userId) {
      await queryRows(
        db,
        'UPDATE public_api.users SET email_verified_at = now() WHERE id = $1 AND email_verified_at IS NULL',
        [userId],
      );
    },
    async insertEmailToken({ tokenHash, userId, purpose, expiresAt }) {
      await queryRows(
        db,
        'INSERT INTO public_api.email_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)',
        [tokenHash, userId, purpose, expiresAt],
      );
    },
    async consumeEmailToken({ tokenHash, purpose, now }) {
      // One statement: two requests with the same token cannot both see it unused.
      const rows = await queryRows<{ user_id: string }>(
        db,
        `WITH used AS (
           UPDATE public_api.email_tokens SET used_at = $3
           WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
           RETURNING user_id
         ), others AS (
           UPDATE public_api.email_tokens SET used_at = $3
           WHERE user_id IN (SELECT user_id FROM used) AND purpose = $2 AND used_at IS NULL AND token_hash <> $1
         )
         SELECT user_id FROM used`,
        [tokenHash, purpose, now],
      );
      return rows.length === 0 ? undefined : firstRow(rows).user_id;
    },
  };
}
