import { createPostgresPool, queryRows } from '@homeport/storage';

/** Names the seeded devices get in turn, each followed by the device's number ("Garage 4127"). */
export const seededRoomNames = ['Kitchen', 'Hall', 'Attic', 'Garage', 'Office', 'Bedroom', 'Cellar', 'Porch'];

/** The id of a seeded device: its vendor's prefix and its number on six digits (`vd-012345`). */
export const seededDeviceId = (prefix: string, index: number) =>
  `${prefix}-${String(index).padStart(6, '0')}`;

/** A vendor's seeded fleet: every `claimedEvery`-th device claimed, every `onlineEvery`-th online. */
export interface SeededFleet {
  readonly vendorId: string;
  readonly productId: string;
  readonly idPrefix: string;
  readonly devices: number;
  readonly claimedEvery: number;
  readonly onlineEvery: number;
}

/**
 * Writes the fleet straight into broker-api's (migrated) registry in one INSERT ... SELECT: rows as
 * broker-api's repository writes them (the vendor and product exist, created through its API), a claim
 * code digest on each unclaimed device and an owner (a home id) on each claimed one. Provisioning 100,000
 * devices through POST /devices would take many minutes of claim codes and transactions before measuring
 * anything, and no batch route exists; the listing read afterwards goes through the real routes.
 */
export async function seedVendorDevices(databaseUrl: string, fleet: SeededFleet): Promise<void> {
  const pool = createPostgresPool({ url: databaseUrl, max: 1, applicationName: 'bench-vendor-devices' });
  try {
    await queryRows(
      pool,
      `INSERT INTO broker_api.devices (id, vendor_id, product_id, name, owner_id, online, claim_code_hash)
       SELECT $3 || '-' || lpad(n::text, 6, '0'), $1, $2, ($7::text[])[n % cardinality($7::text[]) + 1] || ' ' || n,
              CASE WHEN n % $5 = 0 THEN 'bench-home-' || (n % 997) END, n % $6 = 0,
              CASE WHEN n % $5 <> 0 THEN sha256(convert_to($3 || '-' || n, 'UTF8')) END
       FROM generate_series(0, $4 - 1) AS n`,
      [
        fleet.vendorId,
        fleet.productId,
        fleet.idPrefix,
        fleet.devices,
        fleet.claimedEvery,
        fleet.onlineEvery,
        seededRoomNames,
      ],
    );
    // As autovacuum would after such a load: the planner sees the table as it now is.
    await queryRows(pool, 'ANALYZE broker_api.devices');
  } finally {
    await pool.end();
  }
}
