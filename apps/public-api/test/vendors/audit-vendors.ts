import type { AuditPage } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import { createPgAuditLog } from '../../src/adapters/pg-audit-log';
import { createPgAuditReader } from '../../src/adapters/pg-audit-reader';
import { createPgHomeRepository } from '../../src/adapters/pg-home.repository';
import { createPgVendorMemberRepository } from '../../src/adapters/pg-vendor-member.repository';
import { createAuditService, type AuditService } from '../../src/domain/audit-service';
import { sessionScopes, type UserCaller, type VendorCaller } from '../../src/domain/callers';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { addVendorMember } from '../support/vendors';

// A vendor's log: read over HTTP by its members with their sessions, and through the use case on PostgreSQL
// by the callers no route of this branch can authenticate yet (vendor API keys, personal access tokens), as
// their authenticators will hand them in.

const vendorKey = (vendorId: string): VendorCaller => ({
  kind: 'vendor',
  vendorId,
  credential: { kind: 'api-key', keyId: `key-${vendorId}` },
  scopes: new Set(['audit:read']),
  address: '203.0.113.9',
});

export function describeAuditVendors(shared: SharedTestEnvironment): void {
  describe('public-api audit log of a vendor', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let audit: AuditService;
    const [acme, globex] = [`acme-${randomUUID().slice(0, 8)}`, `globex-${randomUUID().slice(0, 8)}`];

    const addMember = (vendorId: string, user: TestUser, role: 'admin' | 'developer') =>
      addVendorMember(environment.pool, vendorId, user, role);
    const readAs = (user: TestUser, vendorId: string) =>
      instance.api<AuditPage & { code?: string }>(
        'GET',
        `/v1/vendors/${vendorId}/audit`,
        undefined,
        user.tokens.accessToken,
      );
    const codeOf = (attempt: Promise<unknown>) =>
      attempt.then(
        () => 'read',
        (error: unknown) => (error instanceof AppError ? error.code : 'not an AppError'),
      );

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      const { pool } = environment;
      audit = createAuditService({
        reader: createPgAuditReader(pool),
        homes: createPgHomeRepository(pool),
        vendorMembers: createPgVendorMemberRepository(pool),
      });
      const log = createPgAuditLog(pool);
      for (const vendorId of [acme, globex]) {
        const event = { action: 'api-key.created', outcome: 'succeeded' as const, vendorId, deviceId: 'd-1' };
        await log.record({ ...event, caller: vendorKey(vendorId), at: new Date() });
      }
    });
    afterAll(async () => {
      await environment.close();
    });

    it("a vendor's admin reads its log and only its own; a developer is refused, another vendor's admin finds no such vendor", async () => {
      const [admin, developer, otherAdmin] = [
        await instance.createUser(),
        await instance.createUser(),
        await instance.createUser(),
      ];
      await addMember(acme, admin, 'admin');
      await addMember(acme, developer, 'developer');
      await addMember(globex, otherAdmin, 'admin');

      expect((await readAs(admin, acme)).body.items).toEqual([
        expect.objectContaining({
          action: 'api-key.created',
          vendorId: acme,
          deviceId: 'd-1',
          address: '203.0.113.9',
          actor: {
            kind: 'vendor',
            userId: null,
            vendorId: acme,
            credential: { kind: 'api-key', id: `key-${acme}` },
          },
        }),
      ]);
      expect(await readAs(developer, acme)).toMatchObject({
        status: 403,
        body: { code: 'VENDOR_ROLE_INSUFFICIENT' },
      });
      expect(await readAs(otherAdmin, acme)).toMatchObject({
        status: 404,
        body: { code: 'VENDOR_NOT_FOUND' },
      });
    });

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
      const user = await instance.createUser();
      await addMember(acme, user, 'admin');
      const admin = (credential: UserCaller['credential']): UserCaller => ({
        kind: 'user',
        userId: user.id,
        credential,
        scopes: sessionScopes,
        address: '198.51.100.4',
      });
      const session = admin({ kind: 'session', sessionId: randomUUID() });
      expect((await audit.listVendorEntries(session, acme, { limit: 10 })).items).toHaveLength(1);
      const withToken = admin({ kind: 'personal-access-token', tokenId: randomUUID() });
      expect(await codeOf(audit.listVendorEntries(withToken, acme, { limit: 10 }))).toBe(
        'VENDOR_ROLE_INSUFFICIENT',
      );
    });
  });
}
