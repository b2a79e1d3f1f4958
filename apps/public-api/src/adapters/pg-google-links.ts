import { queryRows } from '@homeport/storage';
import type { GoogleLink, GoogleLinks } from '../domain/google-links';
import type { Pool } from './postgres';

interface LinkRow {
  grant_id: string;
  client_id: string;
  user_id: string;
}

const toLink = (row: LinkRow): GoogleLink => ({
  grantId: row.grant_id,
  clientId: row.client_id,
  userId: row.user_id,
});

/** A link counts while its grant is live: not ended (revoked, reused token) and not expired. */
const liveLinks = `SELECT l.grant_id, g.client_id, l.user_id
  FROM public_api.google_links l JOIN public_api.oauth_grants g ON g.id = l.grant_id
  WHERE g.ended_at IS NULL AND g.expires_at > $2`;

/** The Google links in PostgreSQL (`public_api.google_links`). */
export function createPgGoogleLinks(pool: Pool): GoogleLinks {
  return {
    async saveSync(link, deviceIds, at) {
      await queryRows(
        pool,
        `INSERT INTO public_api.google_links (grant_id, user_id, device_ids, linked_at, synced_at)
         VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (grant_id) DO UPDATE SET device_ids = EXCLUDED.device_ids, synced_at = EXCLUDED.synced_at`,
        [link.grantId, link.userId, deviceIds, at],
      );
    },

    async remove(grantId) {
      await queryRows(pool, 'DELETE FROM public_api.google_links WHERE grant_id = $1', [grantId]);
    },

    async removeUser(userId) {
      await queryRows(pool, 'DELETE FROM public_api.google_links WHERE user_id = $1', [userId]);
    },

    async listForHome(homeId, now) {
      const rows = await queryRows<LinkRow>(
        pool,
        `${liveLinks} AND l.user_id IN (SELECT user_id FROM public_api.home_members WHERE home_id = $1)`,
        [homeId, now],
      );
      return rows.map(toLink);
    },

    async listForDevice(deviceId, now) {
      const rows = await queryRows<LinkRow>(pool, `${liveLinks} AND l.device_ids @> ARRAY[$1]::text[]`, [
        deviceId,
        now,
      ]);
      return rows.map(toLink);
    },
  };
}
