import type { OAuthClientList, RegisteredOAuthClientResponse } from '@homeport/contracts';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { registerClient } from '../support/oauth';
import { addVendorMember, createVendorId } from '../support/vendors';

export function describeOauthClients(shared: SharedTestEnvironment): void {
  describe('public-api registered OAuth clients of a vendor', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let admin: TestUser;
    let vendorId: string;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      admin = await instance.createUser();
      vendorId = createVendorId();
      await addVendorMember(environment.pool, vendorId, admin, 'admin');
    });
    afterAll(async () => {
      await environment.close();
    });

    const clientsPath = (vendor: string) => `/v1/vendors/${vendor}/oauth-clients`;
    const register = (body: Record<string, unknown>, user: TestUser = admin, vendor = vendorId) =>
      instance.api<RegisteredOAuthClientResponse & { code?: string; details?: unknown }>(
        'POST',
        clientsPath(vendor),
        {
          name: 'Acme',
          clientType: 'confidential',
          redirectUris: ['https://acme.example/cb'],
          grantTypes: ['authorization_code'],
          scopes: ['homes:read'],
          ...body,
        },
        user.tokens.accessToken,
      );

    it("a confidential client's secret is shown once and stored only as a hash; the list never shows it", async () => {
      const registered = await registerClient(instance, admin, vendorId);
      expect(registered.clientSecret).toMatch(/^hps_[\w-]{43}$/);
      const stored = await environment.pool.query<{ secret_hash: string }>(
        'SELECT secret_hash FROM public_api.oauth_clients WHERE id = $1',
        [registered.clientId],
      );
      expect(stored.rows[0]?.secret_hash).not.toContain(registered.clientSecret);
      const listed = await instance.api<OAuthClientList>(
        'GET',
        clientsPath(vendorId),
        undefined,
        admin.tokens.accessToken,
      );
      const { clientSecret, ...shown } = registered;
      expect(clientSecret).toBeDefined();
      expect(listed.body.items).toContainEqual(shown);
      expect(JSON.stringify(listed.body)).not.toContain('hps_');
    });

    it('a public client has no secret', async () => {
      const answer = await register({ clientType: 'public', redirectUris: ['http://localhost:8765/cb'] });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ clientType: 'public' });
      expect(answer.body.clientSecret).toBeUndefined();
    });

    it.each([
      ['an http redirect URI off loopback', { redirectUris: ['http://acme.example/cb'] }, '/redirectUris/0'],
      ['a redirect URI with a fragment', { redirectUris: ['https://acme.example/cb#x'] }, '/redirectUris/0'],
      ['a relative redirect URI', { redirectUris: ['/cb'] }, '/redirectUris/0'],
      ['a custom scheme', { redirectUris: ['javascript://acme.example/%0aalert(1)'] }, '/redirectUris/0'],
      ['the code grant without a redirect URI', { redirectUris: [] }, '/redirectUris'],
      [
        'refresh_token without the code grant',
        { grantTypes: ['client_credentials', 'refresh_token'], scopes: ['products:read'] },
        '/grantTypes',
      ],
      [
        'client credentials for a public client',
        { clientType: 'public', grantTypes: ['client_credentials'], scopes: ['products:read'] },
        '/grantTypes',
      ],
      ['a vendor scope on a code-only client', { scopes: ['products:write'] }, '/scopes/0'],
      ["a session's own scope", { scopes: ['homes:read', 'account:write'] }, '/scopes/1'],
    ])('%s is refused, naming the field', async (_name, body, path) => {
      const answer = await register(body);
      expect(answer).toMatchObject({
        status: 400,
        body: {
          code: 'OAUTH_CLIENT_INVALID',
          details: { fields: [expect.objectContaining({ path }) as unknown] },
        },
      });
    });

    it('a developer of the vendor is refused; a user of another vendor, or none, is told it does not exist', async () => {
      const developer = await instance.createUser();
      await addVendorMember(environment.pool, vendorId, developer, 'developer');
      expect(await register({}, developer)).toMatchObject({
        status: 403,
        body: { code: 'VENDOR_ROLE_INSUFFICIENT' },
      });
      const otherAdmin = await instance.createUser();
      await addVendorMember(environment.pool, createVendorId(), otherAdmin, 'admin');
      for (const user of [otherAdmin, await instance.createUser()]) {
        expect(await register({}, user)).toMatchObject({ status: 404, body: { code: 'VENDOR_NOT_FOUND' } });
      }
    });

    it("an admin cannot delete another vendor's client through their own vendor's path", async () => {
      const otherVendor = createVendorId();
      const otherAdmin = await instance.createUser();
      await addVendorMember(environment.pool, otherVendor, otherAdmin, 'admin');
      const theirs = await registerClient(instance, otherAdmin, otherVendor);
      const answer = await instance.api(
        'DELETE',
        `${clientsPath(vendorId)}/${theirs.clientId}`,
        undefined,
        admin.tokens.accessToken,
      );
      expect(answer).toMatchObject({ status: 404, body: { code: 'OAUTH_CLIENT_NOT_FOUND' } });
      const listed = await instance.api<OAuthClientList>(
        'GET',
        clientsPath(otherVendor),
        undefined,
        otherAdmin.tokens.accessToken,
      );
      expect(listed.body.items.map((item) => item.clientId)).toEqual([theirs.clientId]);
    });

    it('registrations and deletions are audited under the vendor', async () => {
      const auditedVendor = createVendorId();
      await addVendorMember(environment.pool, auditedVendor, admin, 'admin');
      const registered = await registerClient(instance, admin, auditedVendor);
      const path = `${clientsPath(auditedVendor)}/${registered.clientId}`;
      expect((await instance.api('DELETE', path, undefined, admin.tokens.accessToken)).status).toBe(204);
      const entries = await environment.pool.query<{
        action: string;
        actor_user_id: string;
        credential_kind: string;
      }>(
        'SELECT action, actor_user_id, credential_kind FROM public_api.audit_entries WHERE vendor_id = $1 ORDER BY id',
        [auditedVendor],
      );
      expect(entries.rows).toEqual([
        { action: 'oauth-client.registered', actor_user_id: admin.id, credential_kind: 'session' },
        { action: 'oauth-client.deleted', actor_user_id: admin.id, credential_kind: 'session' },
      ]);
    });
  });
}
