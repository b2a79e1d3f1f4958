import { queryRows } from '@homeport/storage';
import type { AlertAudience } from '../domain/alert-notifier';
import { createPgHomeDirectory } from './pg-home-directory';
import type { Pool } from './postgres';

/** The homes' members and who was told of each alert, in public-api's schema. */
export function createPgAlertAudience(pool: Pool): AlertAudience {
  return {
    ...createPgHomeDirectory(pool),
    async noteTold(alertId, userIds, at) {
      if (userIds.length === 0) return;
      await queryRows(
        pool,
        `INSERT INTO public_api.alert_notices (alert_id, user_id, told_at)
         SELECT $1, user_id, $3 FROM unnest($2::uuid[]) AS user_id
         ON CONFLICT (alert_id, user_id) DO NOTHING`,
        [alertId, userIds, at],
      );
    },
    async toldOf(alertId) {
      const rows = await queryRows<{ user_id: string }>(
        pool,
        'SELECT user_id FROM public_api.alert_notices WHERE alert_id = $1 ORDER BY told_at, user_id',
        [alertId],
      );
      return rows.map((row) => row.user_id);
    },
    async forget(alertId) {
      await queryRows(pool, 'DELETE FROM public_api.alert_notices WHERE alert_id = $1', [alertId]);
    },
  };
}
