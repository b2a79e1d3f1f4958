import { buildHttpApp, type HttpApp } from '@homeport/http';
import { createLogger, createMetricsRegistry } from '@homeport/observability';
import { randomUUID } from 'node:crypto';
import { createPgAuditReader } from '../../src/adapters/pg-audit-reader';
import { createPgHomeRepository } from '../../src/adapters/pg-home.repository';
import { createPgVendorMemberRepository } from '../../src/adapters/pg-vendor-member.repository';
import { createAuditService } from '../../src/domain/audit-service';
import type { Caller, TokenAuthenticator } from '../../src/domain/callers';
import { auditRoutes } from '../../src/entry-points/http/audit.routes';
import { requireAuthentication } from '../../src/entry-points/http/authenticate';
import { type SharedTestEnvironment, type TestEnvironment } from '../support/environment';
import { auditQueryForms } from '../support/audit-queries';

// The audit routes' access declarations on their own, with callers handed in by a test authenticator (as the
// personal token and API key authenticators make them): a personal token without audit:read on both logs, a
// vendor key without it on its vendor's log, a vendor key with it on a home's log, × 6 query forms = 24
// requests, each refused before the use case runs.

const homeId = randomUUID();
const vendorId = 'acme';
const callers: Record<string, Caller> = {
  'user-narrow': {
    kind: 'user',
    userId: randomUUID(),
    credential: { kind: 'personal-access-token', tokenId: randomUUID() },
    scopes: new Set(['homes:read', 'devices:read']),
    address: '198.51.100.7',
  },
  'vendor-narrow': {
    kind: 'vendor',
    vendorId,
    credential: { kind: 'api-key', keyId: 'key-1' },
    scopes: new Set(['devices:read', 'products:read']),
    address: '203.0.113.9',
  },
  'vendor-auditor': {
    kind: 'vendor',
    vendorId,
    credential: { kind: 'api-key', keyId: 'key-2' },
    scopes: new Set(['audit:read']),
    address: '203.0.113.9',
  },
};
const testAuthenticator: TokenAuthenticator = {
  recognizes: (token) => token in callers,
  authenticate: (token) => {
    const caller = callers[token];
    return caller === undefined ? Promise.reject(new Error(token)) : Promise.resolve(caller);
  },
};

export function describeIsolationAuditScopes(shared: SharedTestEnvironment): void {
  describe('public-api audit isolation matrix: tokens without the scope, callers of the wrong kind', () => {
    let environment: TestEnvironment;
    let app: HttpApp;

    beforeAll(async () => {
      environment = shared.begin();
      const service = 'public-api';
      app = await buildHttpApp({
        service,
        logger: createLogger({ service, level: 'silent' }),
        metrics: createMetricsRegistry({ service, collectDefaults: false }),
        openapi: { version: '1.0.0' },
      });
      const { pool } = environment;
      const audit = createAuditService({
        reader: createPgAuditReader(pool),
        homes: createPgHomeRepository(pool),
        vendorMembers: createPgVendorMemberRepository(pool),
      });
      await app.register(
        async (scope) => {
          requireAuthentication(scope, [testAuthenticator]);
          await scope.register(auditRoutes, { audit });
        },
        { prefix: '/v1' },
      );
    });
    afterAll(async () => {
      await app.close();
      await environment.close();
    });

    const scopeMissing = { status: 403, code: 'TOKEN_SCOPE_INSUFFICIENT' };
    const cases = [
      { token: 'user-narrow', log: `/v1/homes/${homeId}/audit`, ...scopeMissing },
      { token: 'user-narrow', log: `/v1/vendors/${vendorId}/audit`, ...scopeMissing },
      { token: 'vendor-narrow', log: `/v1/vendors/${vendorId}/audit`, ...scopeMissing },
      {
        token: 'vendor-auditor',
        log: `/v1/homes/${homeId}/audit`,
        status: 403,
        code: 'CALLER_KIND_NOT_ALLOWED',
      },
    ].flatMap((entry) => auditQueryForms.map((query) => ({ ...entry, url: `${entry.log}${query}` })));

    it('a personal token or a vendor key without audit:read, and a vendor key on a home log: all refused 403', async () => {
      const answers = [];
      for (const entry of cases) {
        const answer = await app.inject({
          method: 'GET',
          url: entry.url,
          headers: { authorization: `Bearer ${entry.token}` },
        });
        answers.push({
          case: `${entry.token} ${entry.url}`,
          status: answer.statusCode,
          code: answer.json<{ code: string }>().code,
        });
      }
      expect(answers).toEqual(
        cases.map((entry) => ({
          case: `${entry.token} ${entry.url}`,
          status: entry.status,
          code: entry.code,
        })),
      );
      expect(answers).toHaveLength(24);
    });
  });
}
