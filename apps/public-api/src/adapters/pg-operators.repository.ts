import { queryRows } from '@homeport/storage';
import type { OperatorRepository } from '../domain/operators';
import type { Pool } from './postgres';

/** The operators in public_api.platform_operators. */
export function createPgOperatorRepository(pool: Pool): OperatorRepository {
  return {
    async isOperator(userId) {
      const rows = await queryRows<{ user_id: string }>(
        pool,
        'SELECT user_id FROM public_api.platform_operators WHERE user_id = $1',
        [userId],
      );
      return rows.length > 0;
    },
    async grant(userId, grantedWith) {
      const rows = await queryRows<{ user_id: string }>(
        pool,
        `INSERT INTO public_api.platform_operators (user_id, granted_with) VALUES ($1, $2)
         ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
        [userId, grantedWith],
      );
      return rows.length > 0 ? 'added' : 'already_operator';
    },
  };
}
