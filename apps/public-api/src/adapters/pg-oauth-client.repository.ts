import type { ApiScope, OAuthClientType, OAuthGrantType } from '@homeport/contracts';
import { queryRows } from '@homeport/storage';
import type { OAuthClient, OAuthClientRepository } from '../domain/oauth';
import type { Pool } from './postgres';

interface ClientRow {
  id: string;
  vendor_id: string;
  name: string;
  redirect_uris: string[];
  grant_types: OAuthGrantType[];
  scopes: ApiScope[];
  secret_hash: string | null;
  created_at: Date;
}

const columns = 'id, vendor_id, name, redirect_uris, grant_types, scopes, secret_hash, created_at';

const toClient = (row: ClientRow): OAuthClient => ({
  id: row.id,
  vendorId: row.vendor_id,
  name: row.name,
  clientType: (row.secret_hash === null ? 'public' : 'confidential') satisfies OAuthClientType,
  redirectUris: row.redirect_uris,
  grantTypes: row.grant_types,
  scopes: row.scopes,
  secretHash: row.secret_hash,
  createdAt: row.created_at,
});

/** Registered OAuth clients in `public_api.oauth_clients`. */
export function createPgOAuthClientRepository(pool: Pool): OAuthClientRepository {
  return {
    async insertClient(client) {
      await queryRows(
        pool,
        `INSERT INTO public_api.oauth_clients (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          client.id,
          client.vendorId,
          client.name,
          client.redirectUris,
          client.grantTypes,
          client.scopes,
          client.secretHash,
          client.createdAt,
        ],
      );
    },

    async listVendorClients(vendorId) {
      const rows = await queryRows<ClientRow>(
        pool,
        `SELECT ${columns} FROM public_api.oauth_clients WHERE vendor_id = $1 ORDER BY created_at, id`,
        [vendorId],
      );
      return rows.map(toClient);
    },

    async deleteVendorClient(vendorId, clientId) {
      // ON DELETE CASCADE takes its codes, grants, refresh and access tokens in the same statement.
      const rows = await queryRows(
        pool,
        'DELETE FROM public_api.oauth_clients WHERE vendor_id = $1 AND id = $2 RETURNING id',
        [vendorId, clientId],
      );
      return rows.length > 0;
    },

    async findClient(clientId) {
      const rows = await queryRows<ClientRow>(
        pool,
        `SELECT ${columns} FROM public_api.oauth_clients WHERE id = $1`,
        [clientId],
      );
      return rows[0] === undefined ? undefined : toClient(rows[0]);
    },
  };
}
