import { randomBytes } from 'node:crypto';

/**
 * A name no other test run uses: lower-case letters, digits and underscores, so it is valid as a
 * PostgreSQL database, InfluxDB database, queue prefix or Redis key prefix alike.
 */
export function createUniqueName(purpose: string): string {
  const safePurpose = purpose.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `t_${safePurpose}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
