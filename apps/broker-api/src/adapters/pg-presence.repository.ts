import type { PresenceRepository } from '../domain/presence';
import { queryRows } from '@homeport/storage';
import { type Pool } from './postgres';

/** Online status and last-seen time of devices in PostgreSQL. */
export function createPgPresenceRepository(pool: Pool): PresenceRepository {
  return {
    async markOnline(deviceId, connectionId, at) {
      // A connection older than the recorded one (a late event of a replaced session) changes nothing.
      const rows = await queryRows(
        pool,
        `UPDATE broker_api.devices
          SET online = true, last_seen_at = $3, connection_id = $2, connected_since = $3
          WHERE id = $1 AND (connected_since IS NULL OR connected_since <= $3) RETURNING id`,
        [deviceId, connectionId, at],
      );
      return rows.length > 0;
    },
    async markOffline(deviceId, connectionId, at) {
      const rows = await queryRows(
        pool,
        `UPDATE broker_api.devices SET online = false, last_seen_at = $3, connection_id = NULL
          WHERE id = $1 AND connection_id = $2 RETURNING id`,
        [deviceId, connectionId, at],
      );
      return rows.length > 0;
    },
  };
}
