import type { AssistantMapping } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { Product, RegistryRepository, Vendor } from '../domain/registry';
import { explainViolation, firstRow, inTransaction, queryRows } from '@homeport/storage';
import { createClaimStatements } from './pg-claim-statements';
import type { DeviceChangeOutbox } from './pg-device-change-outbox';
import { createDeviceRead, deviceColumns, toDevice, type DeviceRow } from './pg-device-rows';
import { toPage, type Pool } from './postgres';

const productColumns = 'vendor_id, id, name, features, assistant_mapping, created_at';

const toVendor = (row: { id: string; name: string; created_at: Date }): Vendor => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
});
const toProduct = (row: {
  vendor_id: string;
  id: string;
  name: string;
  features: string[];
  assistant_mapping: AssistantMapping | null;
  created_at: Date;
}) =>
  ({
    vendorId: row.vendor_id,
    id: row.id,
    name: row.name,
    features: row.features,
    // Written only by setAssistantMapping, after the schema and feature checks.
    assistantMapping: row.assistant_mapping,
    createdAt: row.created_at,
  }) satisfies Product;
/** The LIKE pattern of a case-insensitive prefix: its `%`, `_` and `\\` taken literally. */
const toPrefixPattern = (prefix: string) => `${prefix.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
const conflict = (code: string, message: string) => new AppError('conflict', code, message);
const notFound = (code: string, message: string) => new AppError('not_found', code, message);

/** Vendors, products and devices in PostgreSQL. */
export function createPgRegistryRepository(pool: Pool, outbox: DeviceChangeOutbox): RegistryRepository {
  return {
    async insertVendor({ id, name }) {
      const sql = 'INSERT INTO broker_api.vendors (id, name) VALUES ($1, $2) RETURNING id, name, created_at';
      const rows = await queryRows<Parameters<typeof toVendor>[0]>(pool, sql, [id, name]).catch(
        (error: unknown) => {
          throw explainViolation(error, { unique: conflict('VENDOR_EXISTS', `vendor ${id} exists`) });
        },
      );
      return toVendor(firstRow(rows));
    },
    async findVendor(id) {
      const rows = await queryRows<Parameters<typeof toVendor>[0]>(
        pool,
        'SELECT id, name, created_at FROM broker_api.vendors WHERE id = $1',
        [id],
      );
      return rows[0] && toVendor(rows[0]);
    },
    async listVendors({ limit, after }) {
      const sql = `SELECT id, name, created_at FROM broker_api.vendors
        WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`;
      const rows = await queryRows<Parameters<typeof toVendor>[0]>(pool, sql, [after ?? null, limit + 1]);
      return toPage(rows.map(toVendor), limit);
    },
    async deleteVendor(id) {
      const rows = await queryRows(pool, 'DELETE FROM broker_api.vendors WHERE id = $1 RETURNING id', [
        id,
      ]).catch((error: unknown) => {
        throw explainViolation(error, {
          foreignKey: conflict('VENDOR_HAS_PRODUCTS', `vendor ${id} still has products`),
        });
      });
      return rows.length > 0;
    },
    async insertProduct(product) {
      const sql = `INSERT INTO broker_api.products (vendor_id, id, name, features) VALUES ($1, $2, $3, $4)
        RETURNING ${productColumns}`;
      const params = [product.vendorId, product.id, product.name, product.features];
      const rows = await queryRows<Parameters<typeof toProduct>[0]>(pool, sql, params).catch(
        (error: unknown) => {
          throw explainViolation(error, {
            unique: conflict('PRODUCT_EXISTS', `product ${product.vendorId}/${product.id} exists`),
            foreignKey: notFound('VENDOR_NOT_FOUND', `vendor ${product.vendorId} not found`),
          });
        },
      );
      return toProduct(firstRow(rows));
    },
    async findProduct(vendorId, id) {
      const sql = `SELECT ${productColumns} FROM broker_api.products WHERE vendor_id = $1 AND id = $2`;
      const rows = await queryRows<Parameters<typeof toProduct>[0]>(pool, sql, [vendorId, id]);
      return rows[0] && toProduct(rows[0]);
    },
    async listProducts(vendorId, { limit, after }) {
      const sql = `SELECT ${productColumns} FROM broker_api.products
        WHERE vendor_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`;
      const rows = await queryRows<Parameters<typeof toProduct>[0]>(pool, sql, [
        vendorId,
        after ?? null,
        limit + 1,
      ]);
      return toPage(rows.map(toProduct), limit);
    },
    async deleteProduct(vendorId, id) {
      const sql = 'DELETE FROM broker_api.products WHERE vendor_id = $1 AND id = $2 RETURNING id';
      const rows = await queryRows(pool, sql, [vendorId, id]).catch((error: unknown) => {
        throw explainViolation(error, {
          foreignKey: conflict('PRODUCT_HAS_DEVICES', `product ${vendorId}/${id} still has devices`),
        });
      });
      return rows.length > 0;
    },
    async setAssistantMapping(vendorId, id, mapping) {
      const sql = `UPDATE broker_api.products SET assistant_mapping = $3::jsonb
        WHERE vendor_id = $1 AND id = $2 RETURNING ${productColumns}`;
      const params = [vendorId, id, mapping === null ? null : JSON.stringify(mapping)];
      const rows = await queryRows<Parameters<typeof toProduct>[0]>(pool, sql, params);
      return rows[0] && toProduct(rows[0]);
    },
    insertDevice: (device, beforeCommit) =>
      inTransaction(pool, async (db) => {
        const sql = `INSERT INTO broker_api.devices (id, vendor_id, product_id, name, claim_code_hash)
          VALUES ($1, $2, $3, $4, $5) RETURNING ${deviceColumns}`;
        const params = [device.id, device.vendorId, device.productId, device.name, device.claimCodeHash];
        const rows = await queryRows<DeviceRow>(db, sql, params).catch((error: unknown) => {
          throw explainViolation(error, {
            unique: conflict('DEVICE_EXISTS', `device ${device.id} exists`),
            foreignKey: notFound(
              'PRODUCT_NOT_FOUND',
              `product ${device.vendorId}/${device.productId} not found`,
            ),
          });
        });
        const inserted = toDevice(firstRow(rows));
        await beforeCommit(inserted);
        return inserted;
      }),
    findDevice: createDeviceRead(pool),
    async listDevices(filter, { limit, after }) {
      // The search is a prefix of lower(id) or lower(name): migration 007's indexes answer it per vendor.
      const sql = `SELECT ${deviceColumns} FROM broker_api.devices
        WHERE ($1::text IS NULL OR vendor_id = $1) AND ($2::text IS NULL OR product_id = $2)
          AND ($3::text IS NULL OR owner_id = $3) AND ($4::text IS NULL OR id > $4)
          AND ($6::text[] IS NULL OR owner_id = ANY($6)) AND ($7::boolean IS NULL OR online = $7)
          AND ($8::boolean IS NULL OR (owner_id IS NOT NULL) = $8)
          AND ($9::text IS NULL OR lower(id) LIKE $9 OR lower(name) LIKE $9)
        ORDER BY id LIMIT $5`;
      const params = [
        filter.vendorId ?? null,
        filter.productId ?? null,
        filter.ownerId ?? null,
        after ?? null,
      ];
      const filters = [
        filter.ownerIds ?? null,
        filter.online ?? null,
        filter.claimed ?? null,
        filter.search === undefined ? null : toPrefixPattern(filter.search),
      ];
      const rows = await queryRows<DeviceRow>(pool, sql, [...params, limit + 1, ...filters]);
      return toPage(rows.map(toDevice), limit);
    },
    updateDevice(id, changes, announce) {
      const sql = `UPDATE broker_api.devices SET
          name = CASE WHEN $2 THEN $3 ELSE name END,
          owner_id = CASE WHEN $4 THEN $5 ELSE owner_id END,
          history_since = CASE WHEN $4 AND owner_id IS NOT NULL AND owner_id IS DISTINCT FROM $5 THEN now()
                               ELSE history_since END,
          claim_code_hash = CASE WHEN $4 THEN NULL ELSE claim_code_hash END
        WHERE id = $1 RETURNING ${deviceColumns}`;
      const params = [id, changes.name !== undefined, changes.name ?? null];
      const ownerParams = [changes.ownerId !== undefined, changes.ownerId ?? null];
      return outbox.change(async (db) => {
        const rows = await queryRows<DeviceRow>(db, sql, [...params, ...ownerParams]);
        return rows[0] && toDevice(rows[0]);
      }, announce);
    },
    ...createClaimStatements(pool, outbox),
    deleteDevice: (id, beforeCommit) =>
      inTransaction(pool, async (db) => {
        const revoked = await queryRows<{ credential_id: string }>(
          db,
          `INSERT INTO broker_api.credential_revocations (credential_id, device_id)
            SELECT id, device_id FROM broker_api.device_credentials WHERE device_id = $1 AND revoked_at IS NULL
            RETURNING credential_id`,
          [id],
        );
        const rows = await queryRows<{ vendor_id: string; deleted_at: Date }>(
          db,
          'DELETE FROM broker_api.devices WHERE id = $1 RETURNING vendor_id, clock_timestamp() AS deleted_at',
          [id],
        );
        const row = rows[0];
        if (row === undefined) return undefined;
        const deleted = {
          vendorId: row.vendor_id,
          deletedAt: row.deleted_at,
          revokedCredentialIds: revoked.map((revocation) => revocation.credential_id),
        };
        await beforeCommit(deleted);
        return deleted;
      }),
  };
}
