import type { WebhookEventType } from '@homeport/contracts';
import { inTransaction, queryRows } from '@homeport/storage';
import type { WebhookEndpoint, WebhookOwner, WebhookRepository } from '../domain/webhooks';
import type { Pool } from './postgres';

interface EndpointRow {
  id: string;
  user_id: string | null;
  oauth_client_id: string | null;
  vendor_id: string | null;
  home_id: string | null;
  url: string;
  event_types: WebhookEventType[];
  description: string | null;
  secret: string;
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_at: Date;
}

const table = 'public_api.webhook_endpoints';
const columns =
  'id, user_id, oauth_client_id, vendor_id, home_id, url, event_types, description, secret, disabled_at, disabled_reason, created_at';

function ownerOfRow(row: Pick<EndpointRow, 'user_id' | 'oauth_client_id' | 'vendor_id'>): WebhookOwner {
  if (row.user_id === null) return { kind: 'vendor', vendorId: row.vendor_id ?? '' };
  return row.oauth_client_id === null
    ? { kind: 'user', userId: row.user_id }
    : { kind: 'user', userId: row.user_id, clientId: row.oauth_client_id };
}

const toEndpoint = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  owner: ownerOfRow(row),
  url: row.url,
  eventTypes: row.event_types,
  description: row.description,
  homeId: row.home_id,
  secret: row.secret,
  disabledAt: row.disabled_at,
  disabledReason: row.disabled_reason,
  createdAt: row.created_at,
});

/**
 * The condition confining a statement to the owner's endpoints, its parameters numbered from `first`: a
 * user's session or token reaches all the user's endpoints, an OAuth client only the ones it created.
 */
function ownerCondition(owner: WebhookOwner, first: number): { sql: string; params: string[] } {
  if (owner.kind === 'vendor') return { sql: `vendor_id = $${first}`, params: [owner.vendorId] };
  if (owner.clientId === undefined) return { sql: `user_id = $${first}`, params: [owner.userId] };
  return {
    sql: `user_id = $${first} AND oauth_client_id = $${first + 1}`,
    params: [owner.userId, owner.clientId],
  };
}

/** The key of the lock under which an owner's endpoints are counted before one more is added. */
const lockKeyOf = (owner: WebhookOwner) =>
  owner.kind === 'vendor' ? `webhooks:vendor:${owner.vendorId}` : `webhooks:user:${owner.userId}`;

/** Webhook endpoints in `public_api.webhook_endpoints`. */
export function createPgWebhookRepository(pool: Pool): WebhookRepository {
  async function updateOne(owner: WebhookOwner, id: string, set: string, values: unknown[]) {
    const where = ownerCondition(owner, values.length + 2);
    const rows = await queryRows<EndpointRow>(
      pool,
      `UPDATE ${table} SET ${set} WHERE id = $${values.length + 1} AND ${where.sql} RETURNING ${columns}`,
      [...values, id, ...where.params],
    );
    return rows[0] === undefined ? undefined : toEndpoint(rows[0]);
  }

  return {
    insert: (endpoint, maxPerOwner) =>
      inTransaction(pool, async (db) => {
        const { owner } = endpoint;
        await queryRows(db, 'SELECT pg_advisory_xact_lock(hashtext($1))', [lockKeyOf(owner)]);
        // Counted over the whole user or vendor: an OAuth client's endpoints count against its user.
        const where = owner.kind === 'vendor' ? 'vendor_id = $1' : 'user_id = $1';
        const key = owner.kind === 'vendor' ? owner.vendorId : owner.userId;
        const counted = await queryRows<{ count: number }>(
          db,
          `SELECT count(*)::int AS count FROM ${table} WHERE ${where}`,
          [key],
        );
        if ((counted[0]?.count ?? 0) >= maxPerOwner) return 'limit';
        await queryRows(
          db,
          `INSERT INTO ${table} (id, user_id, oauth_client_id, vendor_id, home_id, url, event_types,
             description, secret, enabled_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
          [
            endpoint.id,
            owner.kind === 'user' ? owner.userId : null,
            owner.kind === 'user' ? (owner.clientId ?? null) : null,
            owner.kind === 'vendor' ? owner.vendorId : null,
            endpoint.homeId,
            endpoint.url,
            endpoint.eventTypes,
            endpoint.description,
            endpoint.secret,
            endpoint.createdAt,
          ],
        );
        return 'inserted';
      }),

    async list(owner) {
      const where = ownerCondition(owner, 1);
      const rows = await queryRows<EndpointRow>(
        pool,
        `SELECT ${columns} FROM ${table} WHERE ${where.sql} ORDER BY created_at, id`,
        where.params,
      );
      return rows.map(toEndpoint);
    },

    async find(owner, id) {
      const where = ownerCondition(owner, 2);
      const rows = await queryRows<EndpointRow>(
        pool,
        `SELECT ${columns} FROM ${table} WHERE id = $1 AND ${where.sql}`,
        [id, ...where.params],
      );
      return rows[0] === undefined ? undefined : toEndpoint(rows[0]);
    },

    update: (owner, id, changes, now) =>
      updateOne(
        owner,
        id,
        `url = coalesce($1, url), event_types = coalesce($2, event_types),
         description = coalesce($3, description),
         disabled_at = CASE WHEN $4 THEN NULL ELSE disabled_at END,
         disabled_reason = CASE WHEN $4 THEN NULL ELSE disabled_reason END,
         enabled_at = CASE WHEN $4 THEN $5 ELSE enabled_at END`,
        [
          changes.url ?? null,
          changes.eventTypes ?? null,
          changes.description ?? null,
          changes.enabled === true,
          now,
        ],
      ),

    replaceSecret: (owner, id, secret) => updateOne(owner, id, 'secret = $1', [secret]),

    async remove(owner, id) {
      const where = ownerCondition(owner, 2);
      const rows = await queryRows(pool, `DELETE FROM ${table} WHERE id = $1 AND ${where.sql} RETURNING id`, [
        id,
        ...where.params,
      ]);
      return rows.length > 0;
    },

    async match(eventType, reach, now) {
      // Two indexed parts rather than one OR: the vendor's endpoints by vendor_id, and the endpoints of the
      // home's current members through home_members' primary key. Membership and the OAuth app's
      // authorization are read now: someone who left the home, or revoked the app, gets nothing more.
      const subscribed = 'e.disabled_at IS NULL AND $1 = ANY (e.event_types)';
      const rows = await queryRows<{ id: string; url: string; secret: string; for_owner: boolean }>(
        pool,
        `SELECT e.id, e.url, e.secret, false AS for_owner
         FROM ${table} e WHERE e.vendor_id = $2 AND ${subscribed}
         UNION ALL
         SELECT e.id, e.url, e.secret, true AS for_owner
         FROM public_api.home_members m JOIN ${table} e ON e.user_id = m.user_id
         WHERE m.home_id = $3::uuid AND ${subscribed} AND (e.home_id IS NULL OR e.home_id = $3::uuid)
           AND (e.oauth_client_id IS NULL
             OR EXISTS (SELECT 1 FROM public_api.oauth_grants g
                        WHERE g.user_id = e.user_id AND g.client_id = e.oauth_client_id
                          AND g.ended_at IS NULL AND g.expires_at > $4))`,
        [eventType, reach.vendorId ?? null, reach.homeId ?? null, now],
      );
      return rows.map((row) => ({ id: row.id, url: row.url, secret: row.secret, forOwner: row.for_owner }));
    },

    async disable(id, reason, disabledAt) {
      const rows = await queryRows<EndpointRow & { disabled: boolean }>(
        pool,
        `WITH marked AS (
           UPDATE ${table} SET disabled_at = $3, disabled_reason = $2
           WHERE id = $1 AND enabled_at <= $3 RETURNING id)
         SELECT ${columns}, EXISTS (SELECT 1 FROM marked) AS disabled FROM ${table} WHERE id = $1`,
        [id, reason, disabledAt],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        owner: ownerOfRow(row),
        url: row.url,
        description: row.description,
        disabled: row.disabled,
      };
    },

    async vendorAdmins(vendorId) {
      const rows = await queryRows<{ user_id: string }>(
        pool,
        `SELECT user_id FROM public_api.vendor_members WHERE vendor_id = $1 AND role = 'admin' ORDER BY user_id`,
        [vendorId],
      );
      return rows.map((row) => row.user_id);
    },
  };
}
