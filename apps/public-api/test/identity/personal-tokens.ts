import type { CreatedPersonalTokenResponse, PersonalTokenList } from '@homeport/contracts';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';

export function describePersonalTokens(shared: SharedTestEnvironment): void {
  describe('public-api personal access tokens', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let owner: TestUser;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      owner = await instance.createUser();
    });
    afterAll(async () => {
      await environment.close();
    });

    const create = (body: Record<string, unknown>, token = owner.tokens.accessToken) =>
      instance.api<CreatedPersonalTokenResponse & { code?: string }>(
        'POST',
        '/v1/account/tokens',
        body,
        token,
      );
    const list = (user: TestUser = owner) =>
      instance.api<PersonalTokenList>('GET', '/v1/account/tokens', undefined, user.tokens.accessToken);

    it('a token is shown once, stored as a hash, and listed without its value', async () => {
      const created = await create({ name: 'heating script', scopes: ['homes:read'], expiresInDays: 30 });
      expect(created).toMatchObject({
        status: 201,
        body: { name: 'heating script', scopes: ['homes:read'] },
      });
      expect(created.body.token).toMatch(/^hpp_[\w-]{43}$/);
      expect(Date.parse(created.body.expiresAt ?? '') - Date.parse(created.body.createdAt)).toBe(
        30 * 86_400_000,
      );
      const stored = await environment.pool.query(
        'SELECT 1 FROM public_api.personal_access_tokens WHERE token_hash = $1',
        [created.body.token],
      );
      expect(stored.rowCount).toBe(0);
      const { token, ...shown } = created.body;
      expect(token).toBeDefined();
      expect((await list()).body.items).toContainEqual(shown);
    });

    it('a token acts for its owner within its scopes only', async () => {
      const created = await create({ name: 'reader', scopes: ['homes:read'] });
      expect(created.body.expiresAt).toBeNull();
      const home = { name: 'Scripted', timeZone: 'Europe/Paris' };
      expect((await instance.api('POST', '/v1/homes', home, owner.tokens.accessToken)).status).toBe(201);
      expect(await instance.api('GET', '/v1/homes', undefined, created.body.token)).toMatchObject({
        status: 200,
        body: { items: [expect.objectContaining({ name: 'Scripted' }) as unknown] },
      });
      expect(await instance.api('POST', '/v1/homes', home, created.body.token)).toMatchObject({
        status: 403,
        body: { code: 'TOKEN_SCOPE_INSUFFICIENT' },
      });
      // Managing tokens, the password or sessions is a session's alone.
      expect(await create({ name: 'escalate', scopes: ['homes:read'] }, created.body.token)).toMatchObject({
        status: 403,
        body: { code: 'TOKEN_SCOPE_INSUFFICIENT' },
      });
    });

    it.each([
      ["a session's own scope", 'account:write'],
      ['a vendor scope', 'products:read'],
    ])('%s cannot be given to a token', async (_name, scope) => {
      expect(await create({ name: 'too much', scopes: ['homes:read', scope] })).toMatchObject({
        status: 400,
        body: {
          code: 'SCOPE_NOT_ALLOWED',
          details: { fields: [expect.objectContaining({ path: '/scopes/1' }) as unknown] },
        },
      });
    });

    it('an unknown scope is refused by the schema, naming the field', async () => {
      expect(await create({ name: 'unknown', scopes: ['everything'] })).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
    });

    it('a revoked token is refused at once and leaves the list; revoking is audited', async () => {
      const created = await create({ name: 'short-lived', scopes: ['homes:read'] });
      const path = `/v1/account/tokens/${created.body.id}`;
      const stranger = await instance.createUser();
      expect(await instance.api('DELETE', path, undefined, stranger.tokens.accessToken)).toMatchObject({
        status: 404,
        body: { code: 'PERSONAL_TOKEN_NOT_FOUND' },
      });
      expect((await instance.api('DELETE', path, undefined, owner.tokens.accessToken)).status).toBe(204);
      expect(await instance.api('GET', '/v1/homes', undefined, created.body.token)).toMatchObject({
        status: 401,
        body: { code: 'TOKEN_REVOKED' },
      });
      expect((await list()).body.items.map((item) => item.id)).not.toContain(created.body.id);
      const audited = await environment.pool.query<{ action: string; details: { tokenId: string } }>(
        "SELECT action, details FROM public_api.audit_entries WHERE actor_user_id = $1 AND action LIKE 'personal-token.%' ORDER BY id",
        [owner.id],
      );
      expect(
        audited.rows.filter((row) => row.details.tokenId === created.body.id).map((row) => row.action),
      ).toEqual(['personal-token.created', 'personal-token.revoked']);
    });

    it('a token expires after its days', async () => {
      const created = await create({ name: 'one day', scopes: ['account:read'], expiresInDays: 1 });
      expect((await instance.api('GET', '/v1/account', undefined, created.body.token)).status).toBe(200);
      instance.clock.advanceSeconds(86_401);
      expect(await instance.api('GET', '/v1/account', undefined, created.body.token)).toMatchObject({
        status: 401,
        body: { code: 'ACCESS_TOKEN_EXPIRED' },
      });
    });
  });
}
