import { vendorScopes, type ApiScope, type CreateApiKeyRequest } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import { formatApiKey, looksLikeApiKey, parseApiKey, type ApiKey, type ApiKeyRepository } from './api-keys';
import type { AuditLog } from './audit';
import type { TokenAuthenticator, UserCaller, VendorCaller } from './callers';
import { addSeconds, type Clock } from './clock';
import { hashSecretToken, matchesSecretHash, newSecretToken } from './secret-tokens';
import type { VendorAccess } from './vendor-access';

/** What the API key use cases need. */
export interface ApiKeyServiceDeps {
  readonly apiKeys: ApiKeyRepository;
  readonly access: VendorAccess;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

const defaultExpiresInDays = 90;
// last_used_at is written at most this often per key: a read on every request, a write only now and then.
const lastUsedResolutionSeconds = 60;
const allowedScopes: ReadonlySet<ApiScope> = new Set(vendorScopes);
const invalidToken = () =>
  new AppError('unauthenticated', 'ACCESS_TOKEN_INVALID', 'the access token is not valid');
// Compared against when the key id is unknown, so that an unknown key costs what a wrong secret does.
const decoyHash = hashSecretToken(newSecretToken());

/** Refuses scopes a vendor key may not hold, naming each (400 SCOPE_NOT_ALLOWED). */
function checkScopes(scopes: readonly ApiScope[]): void {
  const fields = scopes.flatMap((scope, index) =>
    allowedScopes.has(scope)
      ? []
      : [{ location: 'body', path: `/scopes/${index}`, message: `${scope} is not a vendor scope` }],
  );
  if (fields.length > 0) {
    const names = fields.map((field) => field.message).join('; ');
    throw new AppError('invalid', 'SCOPE_NOT_ALLOWED', `scopes ${names}`, { details: { fields } });
  }
}

/** Vendor API keys: made, listed and revoked by the vendor's admins; and the check of every key presented. */
export function createApiKeyService(deps: ApiKeyServiceDeps) {
  const { apiKeys, access, audit, clock } = deps;

  return {
    /** A new key; the answer is the only time its secret is shown. */
    async createKey(
      caller: UserCaller,
      vendorId: string,
      request: CreateApiKeyRequest,
    ): Promise<{ key: ApiKey; token: string }> {
      await access.requireAdmin(caller, vendorId);
      checkScopes(request.scopes);
      const now = clock.now();
      const secret = newSecretToken();
      const key: ApiKey = {
        id: randomUUID(),
        vendorId,
        name: request.name,
        scopes: request.scopes,
        createdBy: caller.userId,
        createdAt: now,
        expiresAt: addSeconds(now, (request.expiresInDays ?? defaultExpiresInDays) * 86_400),
        lastUsedAt: null,
        revokedAt: null,
      };
      // SHA-256 and not a password hash: the secret is 256 random bits, so there is nothing to guess from
      // a leaked hash, and a fast hash keeps the check of every request cheap.
      await apiKeys.insertKey({ ...key, secretHash: hashSecretToken(secret) });
      await audit.record({
        caller,
        at: now,
        action: 'api-key.created',
        outcome: 'succeeded',
        vendorId,
        details: {
          keyId: key.id,
          name: key.name,
          scopes: key.scopes,
          expiresAt: key.expiresAt.toISOString(),
        },
      });
      return { key, token: formatApiKey(key.id, secret) };
    },

    async listKeys(caller: UserCaller, vendorId: string): Promise<ApiKey[]> {
      return apiKeys.listKeys(await access.requireAdmin(caller, vendorId), vendorId);
    },

    /** Revokes a key: the next request that presents it is refused. */
    async revokeKey(caller: UserCaller, vendorId: string, keyId: string): Promise<void> {
      const scope = await access.requireAdmin(caller, vendorId);
      const now = clock.now();
      if (!(await apiKeys.revokeKey(scope, vendorId, keyId, now))) {
        throw new AppError('not_found', 'API_KEY_NOT_FOUND', 'no such live API key of this vendor');
      }
      await audit.record({
        caller,
        at: now,
        action: 'api-key.revoked',
        outcome: 'succeeded',
        vendorId,
        details: { keyId },
      });
    },

    /** Keys of the `hpk_` form: the vendor's back end with the key's scopes. */
    authenticator: {
      recognizes: looksLikeApiKey,
      async authenticate(token: string, address: string): Promise<VendorCaller> {
        const parsed = parseApiKey(token);
        if (parsed === undefined) throw invalidToken();
        const key = await apiKeys.findKeyForAuthentication(parsed.keyId);
        // The secret is checked first: only its holder learns that a key is revoked or expired.
        if (!matchesSecretHash(parsed.secret, key?.secretHash ?? decoyHash) || key === undefined) {
          throw invalidToken();
        }
        const now = clock.now();
        if (key.revokedAt !== null) {
          throw new AppError('unauthenticated', 'API_KEY_REVOKED', 'the API key has been revoked');
        }
        if (key.expiresAt <= now) {
          throw new AppError('unauthenticated', 'API_KEY_EXPIRED', 'the API key has expired');
        }
        const notBefore = addSeconds(now, -lastUsedResolutionSeconds);
        if (key.lastUsedAt === null || key.lastUsedAt <= notBefore) {
          await apiKeys.touchKey(key.id, now, notBefore);
        }
        return {
          kind: 'vendor',
          vendorId: key.vendorId,
          credential: { kind: 'api-key', keyId: key.id },
          scopes: new Set(key.scopes),
          address,
        };
      },
    } satisfies TokenAuthenticator,
  };
}

/** The API key use cases. */
export type ApiKeyService = ReturnType<typeof createApiKeyService>;
