import type { ApiKeyList, VendorAccessResponse } from '@homeport/contracts';
import { createHash, randomUUID } from 'node:crypto';
import { type SharedTestEnvironment, type TestEnvironment, type TestInstance } from '../support/environment';
import { createVendorCalls, createVendorId, makeVendorAdmin } from '../support/vendors';

export function describeVendorApiKeys(shared: SharedTestEnvironment): void {
  describe('public-api vendor API keys', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let vendor: ReturnType<typeof createVendorCalls>;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      vendor = createVendorCalls(instance);
    });
    afterAll(async () => {
      await environment.close();
    });

    /** A vendor of its own with a signed-in admin. */
    const createVendor = async (on: TestInstance = instance) => {
      const admin = await on.createUser();
      const vendorId = createVendorId();
      await makeVendorAdmin(environment.pool, vendorId, admin);
      return { admin, vendorId };
    };
    const auditActions = async (vendorId: string) =>
      (
        await environment.pool.query<{ action: string; actor_user_id: string; credential_kind: string }>(
          `SELECT action, actor_user_id, credential_kind FROM public_api.audit_entries WHERE vendor_id = $1 ORDER BY id`,
          [vendorId],
        )
      ).rows;

    it('an admin creates a key that is shown once; the list shows its metadata, and the database only its SHA-256', async () => {
      const { admin, vendorId } = await createVendor();
      const created = await vendor.createKey(admin, vendorId, ['products:read', 'devices:write']);
      expect(created).toMatchObject({
        vendorId,
        scopes: ['products:read', 'devices:write'],
        createdBy: admin.id,
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(created.key).toMatch(/^hpk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(90 * 86_400_000);

      const list = await vendor.call<ApiKeyList>(
        admin.tokens.accessToken,
        'GET',
        `/v1/vendors/${vendorId}/api-keys`,
      );
      const { key, ...metadata } = created;
      expect(list.body.items).toEqual([metadata]);
      expect(JSON.stringify(list.body)).not.toContain(key.slice(-43));

      const rows = await environment.pool.query('SELECT * FROM public_api.api_keys WHERE id = $1', [
        created.id,
      ]);
      const secret = key.slice(-43);
      expect(rows.rows[0]?.secret_hash).toBe(createHash('sha256').update(secret).digest('base64url'));
      expect(JSON.stringify(rows.rows)).not.toContain(secret);
      expect(await auditActions(vendorId)).toEqual([
        { action: 'api-key.created', actor_user_id: admin.id, credential_kind: 'session' },
      ]);
    });

    it("a key calls as its vendor with its scopes; a route needing a scope it lacks is 403 TOKEN_SCOPE_INSUFFICIENT, another vendor's 404", async () => {
      const { admin, vendorId } = await createVendor();
      const reader = await vendor.createKey(admin, vendorId, ['products:read', 'devices:read']);
      const writer = await vendor.createKey(admin, vendorId, ['devices:write']);
      expect(await vendor.call<VendorAccessResponse>(reader.key, 'GET', `/v1/vendors/${vendorId}`)).toEqual({
        status: 200,
        body: {
          vendorId,
          credential: 'api-key',
          credentialId: reader.id,
          scopes: ['devices:read', 'products:read'],
        },
      });
      expect(await vendor.call(writer.key, 'GET', `/v1/vendors/${vendorId}`)).toMatchObject({
        status: 403,
        body: { code: 'TOKEN_SCOPE_INSUFFICIENT' },
      });
      expect(await vendor.call(reader.key, 'GET', `/v1/vendors/${createVendorId()}`)).toMatchObject({
        status: 404,
        body: { code: 'VENDOR_NOT_FOUND' },
      });
    });

    it('scopes outside the vendor scopes are 400 SCOPE_NOT_ALLOWED naming each; unknown scopes and lifetimes out of 1-365 days are 400 VALIDATION_FAILED', async () => {
      const { admin, vendorId } = await createVendor();
      const create = (body: unknown) =>
        vendor.call(admin.tokens.accessToken, 'POST', `/v1/vendors/${vendorId}/api-keys`, body);
      expect(
        await create({ name: 'k', scopes: ['devices:read', 'homes:write', 'account:write'] }),
      ).toMatchObject({
        status: 400,
        body: {
          code: 'SCOPE_NOT_ALLOWED',
          details: { fields: [{ path: '/scopes/1' }, { path: '/scopes/2' }] },
        },
      });
      for (const body of [
        { name: 'k', scopes: ['devices:destroy'] },
        { name: 'k', scopes: ['devices:read'], expiresInDays: 0 },
        { name: 'k', scopes: ['devices:read'], expiresInDays: 366 },
        { name: 'k', scopes: [] },
        { scopes: ['devices:read'] },
      ]) {
        expect((await create(body)).body.code).toBe('VALIDATION_FAILED');
      }
      const list = await vendor.call<ApiKeyList>(
        admin.tokens.accessToken,
        'GET',
        `/v1/vendors/${vendorId}/api-keys`,
      );
      expect(list.body.items).toEqual([]);
    });

    it('a revoked key is refused from the next request on (401 API_KEY_REVOKED); the list shows when, and the revocation is audited', async () => {
      const { admin, vendorId } = await createVendor();
      const created = await vendor.createKey(admin, vendorId, ['products:read']);
      expect((await vendor.call(created.key, 'GET', `/v1/vendors/${vendorId}`)).status).toBe(200);
      const revoke = () =>
        vendor.call(admin.tokens.accessToken, 'DELETE', `/v1/vendors/${vendorId}/api-keys/${created.id}`);
      expect((await revoke()).status).toBe(204);
      expect(await vendor.call(created.key, 'GET', `/v1/vendors/${vendorId}`)).toMatchObject({
        status: 401,
        body: { code: 'API_KEY_REVOKED' },
      });
      expect(await revoke()).toMatchObject({ status: 404, body: { code: 'API_KEY_NOT_FOUND' } });
      const list = await vendor.call<ApiKeyList>(
        admin.tokens.accessToken,
        'GET',
        `/v1/vendors/${vendorId}/api-keys`,
      );
      expect(list.body.items[0]?.revokedAt).toEqual(expect.any(String));
      expect((await auditActions(vendorId)).map((entry) => entry.action)).toEqual([
        'api-key.created',
        'api-key.revoked',
      ]);
    });

    it('a wrong secret, an unknown key id and a malformed key are 401 ACCESS_TOKEN_INVALID', async () => {
      const { admin, vendorId } = await createVendor();
      const { key } = await vendor.createKey(admin, vendorId, ['products:read']);
      const last = key.at(-2) === 'A' ? 'B' : 'A';
      const wrongSecret = `${key.slice(0, -2)}${last}${key.at(-1)}`;
      const unknownId = `hpk_${randomUUID().replaceAll('-', '')}${key.slice(-44)}`;
      for (const token of [wrongSecret, unknownId, `${key}x`, 'hpk_nothing']) {
        expect(await vendor.call(token, 'GET', `/v1/vendors/${vendorId}`)).toMatchObject({
          status: 401,
          body: { code: 'ACCESS_TOKEN_INVALID' },
        });
      }
    });

    it('a key past its lifetime is 401 API_KEY_EXPIRED; its last use is written at the first use and then at most once a minute', async () => {
      const own = await environment.startInstance();
      const { admin, vendorId } = await createVendor(own);
      const ownVendor = createVendorCalls(own);
      const created = await ownVendor.createKey(admin, vendorId, ['products:read'], 1);
      const use = () => ownVendor.call(created.key, 'GET', `/v1/vendors/${vendorId}`);
      const lastUsed = async () =>
        (
          await environment.pool.query<{ last_used_at: Date | null }>(
            'SELECT last_used_at FROM public_api.api_keys WHERE id = $1',
            [created.id],
          )
        ).rows[0]?.last_used_at;
      expect(await lastUsed()).toBeNull();
      await use();
      const first = await lastUsed();
      expect(first).toBeInstanceOf(Date);
      own.clock.advanceSeconds(30);
      await use();
      expect(await lastUsed()).toEqual(first);
      own.clock.advanceSeconds(31);
      await use();
      expect((await lastUsed())?.getTime()).toBeGreaterThan(first?.getTime() ?? Infinity);

      own.clock.advanceSeconds(86_400);
      expect(await use()).toMatchObject({ status: 401, body: { code: 'API_KEY_EXPIRED' } });
    });
  });
}
