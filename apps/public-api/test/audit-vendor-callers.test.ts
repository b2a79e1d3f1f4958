import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import { createPgAuditLog } from '../src/adapters/pg-audit-log';
import { createPgAuditReader } from '../src/adapters/pg-audit-reader';
import { createPgHomeRepository } from '../src/adapters/pg-home.repository';
import { createPgVendorMemberRepository } from '../src/adapters/pg-vendor-member.repository';
import { createAuditService, type AuditService } from '../src/domain/audit-service';
import { sessionScopes, type UserCaller, type VendorCaller } from '../src/domain/callers';
import { createTestEnvironment, type TestEnvironment } from './support/environment';

// The callers no route of this branch can authenticate yet (vendor API keys, personal access tokens), read
// through the audit use case on PostgreSQL as their authenticators will hand them in.

const vendorKey = (vendorId: string): VendorCaller => ({
  kind: 'vendor',
  vendorId,
  credential: { kind: 'api-key', keyId: `key-${vendorId}` },
  scopes: new Set(['audit:read']),
  address: '203.0.113.9',
});

describe('public-api audit log, read by vendor keys and tokens', () => {
  let environment: TestEnvironment;
  let audit: AuditService;
  const [acme, globex] = [`acme-${randomUUID().slice(0, 8)}`, `globex-${randomUUID().slice(0, 8)}`];

  beforeAll(async () => {
    environment = await createTestEnvironment('papi_audit_vendors');
    const { pool } = environment;
    audit = createAuditService({
      reader: createPgAuditReader(pool),
      homes: createPgHomeRepository(pool),
      vendorMembers: createPgVendorMemberRepository(pool),
    });
    const log = createPgAuditLog(pool);
    for (const vendorId of [acme, globex]) {
      const event = { action: 'api-key.created', outcome: 'succeeded' as const, vendorId };
      await log.record({ ...event, caller: vendorKey(vendorId), at: new Date() });
    }
  });
  afterAll(async () => {
    await environment.close();
  });

  const codeOf = (attempt: Promise<unknown>) =>
    attempt.then(
      () => 'read',
      (error: unknown) => (error instanceof AppError ? error.code : 'not an AppError'),
    );

  it("a vendor's own key reads its vendor's log, only that; another vendor's key finds no such vendor", async () => {
    const page = await audit.listVendorEntries(vendorKey(acme), acme, { limit: 10 });
    expect(page.items.map((entry) => [entry.vendorId, entry.actor.credential.id])).toEqual([
      [acme, `key-${acme}`],
    ]);
    expect(await codeOf(audit.listVendorEntries(vendorKey(globex), acme, { limit: 10 }))).toBe(
      'VENDOR_NOT_FOUND',
    );
  });

  it("the vendor's admin reads its log with their session, not with a personal access token", async () => {
    const result = await environment.pool.query<{ id: string }>(
      `INSERT INTO public_api.users (id, email, password_hash) VALUES ($1, $2, 'x') RETURNING id`,
      [randomUUID(), `${randomUUID()}@example.com`],
    );
    const userId = result.rows[0]?.id ?? '';
    await environment.pool.query(
      `INSERT INTO public_api.vendor_members (vendor_id, user_id, role) VALUES ($1, $2, 'admin')`,
      [acme, userId],
    );
    const admin = (credential: UserCaller['credential']): UserCaller => ({
      kind: 'user',
      userId,
      credential,
      scopes: sessionScopes,
      address: '198.51.100.4',
    });
    const withSession = await audit.listVendorEntries(
      admin({ kind: 'session', sessionId: randomUUID() }),
      acme,
      {
        limit: 10,
      },
    );
    expect(withSession.items).toHaveLength(1);
    const withToken = admin({ kind: 'personal-access-token', tokenId: randomUUID() });
    expect(await codeOf(audit.listVendorEntries(withToken, acme, { limit: 10 }))).toBe(
      'VENDOR_ROLE_INSUFFICIENT',
    );
  });
});
