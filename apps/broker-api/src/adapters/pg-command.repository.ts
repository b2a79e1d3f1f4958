import type { CommandAckPayload, RequestSource } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { finishingAckStatuses, type Command, type CommandRepository } from '../domain/commands';
import { queryRows } from '@homeport/storage';
import { type Pool } from './postgres';

interface CommandRow {
  id: string;
  device_id: string;
  vendor_id: string;
  name: string;
  params: Record<string, unknown>;
  created_at: Date;
  expires_at: Date;
  delivered_at: Date | null;
  acked_at: Date | null;
  ack: CommandAckPayload | null;
  source: RequestSource | null;
}

const columns = `c.id, c.device_id, d.vendor_id, c.name, c.params, c.created_at, c.expires_at, c.delivered_at,
  c.acked_at, c.ack, c.source`;
/**
 * Acks are recorded only while a command runs: no outcome yet, not expired, and not claimed by a sweep that
 * found it expired (the check and the claim lock the row, so an ack never changes an end being published).
 */
const isRunning = `expires_at > now() AND finish_claimed_until IS NULL
  AND (ack IS NULL OR NOT (ack ->> 'status' = ANY($4)))`;
const fromCommands = 'FROM broker_api.commands c JOIN broker_api.devices d ON d.id = c.device_id';

const toCommand = (row: CommandRow): Command => ({
  id: row.id,
  deviceId: row.device_id,
  vendorId: row.vendor_id,
  name: row.name,
  params: row.params,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  deliveredAt: row.delivered_at,
  ackedAt: row.acked_at,
  ack: row.ack,
  source: row.source,
});

/** Device commands in PostgreSQL; expiry uses the database clock. */
export function createPgCommandRepository(pool: Pool): CommandRepository {
  const find = async (deviceId: string, commandId: string): Promise<Command | undefined> => {
    const sql = `SELECT ${columns} ${fromCommands} WHERE c.device_id = $1 AND c.id = $2`;
    const rows = await queryRows<CommandRow>(pool, sql, [deviceId, commandId]);
    return rows[0] && toCommand(rows[0]);
  };
  return {
    async insert({ id, deviceId, name, params, ttlSeconds, source }) {
      const inserted = await queryRows(
        pool,
        `INSERT INTO broker_api.commands (id, device_id, name, params, expires_at, source)
          SELECT $1, id, $3, $4::jsonb, now() + make_interval(secs => $5), $6 FROM broker_api.devices WHERE id = $2
          RETURNING id`,
        [id, deviceId, name, JSON.stringify(params), ttlSeconds, source],
      );
      const command = inserted.length === 0 ? undefined : await find(deviceId, id);
      if (command === undefined)
        throw new AppError('not_found', 'DEVICE_NOT_FOUND', `device ${deviceId} not found`);
      return command;
    },
    find,
    async list(deviceId, limit) {
      const device = await queryRows(pool, 'SELECT 1 FROM broker_api.devices WHERE id = $1', [deviceId]);
      if (device.length === 0) return undefined;
      const sql = `SELECT ${columns} ${fromCommands} WHERE c.device_id = $1 ORDER BY c.created_at DESC LIMIT $2`;
      return (await queryRows<CommandRow>(pool, sql, [deviceId, limit])).map(toCommand);
    },
    async listPending(deviceId, limit) {
      const sql = `SELECT ${columns} ${fromCommands}
        WHERE c.device_id = $1 AND c.acked_at IS NULL AND c.expires_at > now()
        ORDER BY c.created_at LIMIT $2`;
      return (await queryRows<CommandRow>(pool, sql, [deviceId, limit])).map(toCommand);
    },
    async markDelivered(deviceId, commandId) {
      await queryRows(
        pool,
        `UPDATE broker_api.commands SET delivered_at = now()
          WHERE device_id = $1 AND id = $2 AND delivered_at IS NULL`,
        [deviceId, commandId],
      );
    },
    async recordAck(deviceId, commandId, ack) {
      const sql = `WITH target AS (
          SELECT 1 FROM broker_api.commands WHERE device_id = $1 AND id = $2
        ), recorded AS (
          UPDATE broker_api.commands SET ack = $3::jsonb, acked_at = now(), delivered_at = coalesce(delivered_at, now())
          WHERE device_id = $1 AND id = $2 AND ${isRunning} RETURNING 1
        )
        SELECT (SELECT count(*) FROM target)::int AS found, (SELECT count(*) FROM recorded)::int AS recorded`;
      const rows = await queryRows<{ found: number; recorded: number }>(pool, sql, [
        deviceId,
        commandId,
        JSON.stringify(ack),
        finishingAckStatuses,
      ]);
      const counts = rows[0];
      if (counts === undefined || counts.found === 0) return 'unknown';
      return counts.recorded > 0 ? 'recorded' : 'ended';
    },
    async claimUnpublishedEnds(limit, leaseMs) {
      // SKIP LOCKED: replicas claiming at once take different rows instead of waiting for each other.
      const sql = `WITH claimable AS (
          SELECT id FROM broker_api.commands
          WHERE finished_published_at IS NULL
            AND (finish_claimed_until IS NULL OR finish_claimed_until <= now())
            AND (expires_at <= now() OR ack ->> 'status' = ANY($1))
          LIMIT $2 FOR UPDATE SKIP LOCKED
        )
        UPDATE broker_api.commands c SET finish_claimed_until = now() + make_interval(secs => $3::float8 / 1000)
        FROM claimable, broker_api.devices d
        WHERE c.id = claimable.id AND d.id = c.device_id
        RETURNING ${columns}`;
      const rows = await queryRows<CommandRow>(pool, sql, [finishingAckStatuses, limit, leaseMs]);
      return rows.map(toCommand);
    },
    async markEndsPublished(commandIds) {
      await queryRows(
        pool,
        'UPDATE broker_api.commands SET finished_published_at = now() WHERE id = ANY($1)',
        [commandIds],
      );
    },
  };
}
