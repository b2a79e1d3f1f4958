import type { HomeRole } from '@homeport/contracts';
import { queryRows } from '@homeport/storage';
import type { HomeDirectory } from '../domain/home-directory';
import type { Pool } from './postgres';

/** The homes' names and members in public-api's schema, for the notices that tell them. */
export function createPgHomeDirectory(pool: Pool): HomeDirectory {
  return {
    async homeOf(homeId) {
      const rows = await queryRows<{
        name: string;
        user_id: string | null;
        role: HomeRole | null;
        email: string | null;
      }>(
        pool,
        `SELECT h.name, m.user_id, m.role, u.email FROM public_api.homes h
         LEFT JOIN public_api.home_members m ON m.home_id = h.id
         LEFT JOIN public_api.users u ON u.id = m.user_id
         WHERE h.id = $1 ORDER BY m.joined_at, m.user_id`,
        [homeId],
      );
      const [first] = rows;
      if (first === undefined) return undefined;
      const members = rows.flatMap(({ user_id: userId, role, email }) =>
        userId === null || role === null || email === null ? [] : [{ userId, role, email }],
      );
      return { name: first.name, members };
    },
  };
}
