import type { RegisterOAuthClientRequest } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import type { AuditLog } from './audit';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import type { OAuthClient, OAuthClientRepository } from './oauth';
import { checkRegistration } from './oauth-client-rules';
import { hashSecretToken, newSecretToken } from './secret-tokens';
import type { VendorAccess } from './vendor-access';

/** What the client management use cases need. */
export interface OAuthClientServiceDeps {
  readonly clients: OAuthClientRepository;
  /** Only the vendor's admins, with their own session, manage its clients (`access.requireAdmin`). */
  readonly access: VendorAccess;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** Prefix of client secrets: tells a leaked secret apart in logs and secret scanners. */
const clientSecretPrefix = 'hps_';

/** Vendor admins register, list and delete their vendor's OAuth clients. */
export function createOAuthClientService(deps: OAuthClientServiceDeps) {
  const { clients, access, audit, clock } = deps;
  const requireAdmin = (caller: UserCaller, vendorId: string) => access.requireAdmin(caller, vendorId);

  return {
    /** Registers a client; a confidential one's secret is in the answer, once. */
    async register(
      caller: UserCaller,
      vendorId: string,
      request: RegisterOAuthClientRequest,
    ): Promise<{ client: OAuthClient; secret: string | undefined }> {
      await requireAdmin(caller, vendorId);
      const problems = checkRegistration(request);
      if (problems.length > 0) {
        throw new AppError(
          'invalid',
          'OAUTH_CLIENT_INVALID',
          problems.map((p) => `${p.path} ${p.message}`).join('; '),
          {
            details: { fields: problems.map((problem) => ({ location: 'body', ...problem })) },
          },
        );
      }
      const secret =
        request.clientType === 'confidential' ? `${clientSecretPrefix}${newSecretToken()}` : undefined;
      const client: OAuthClient = {
        id: randomUUID(),
        vendorId,
        name: request.name,
        clientType: request.clientType,
        redirectUris: request.redirectUris,
        grantTypes: request.grantTypes,
        scopes: request.scopes,
        secretHash: secret === undefined ? null : hashSecretToken(secret),
        createdAt: clock.now(),
      };
      await clients.insertClient(client);
      await audit.record({
        caller,
        at: client.createdAt,
        action: 'oauth-client.registered',
        outcome: 'succeeded',
        vendorId,
        details: { clientId: client.id, name: client.name, scopes: client.scopes },
      });
      return { client, secret };
    },

    async list(caller: UserCaller, vendorId: string): Promise<OAuthClient[]> {
      await requireAdmin(caller, vendorId);
      return clients.listVendorClients(vendorId);
    },

    /** Deletes the client: every token it holds stops working at once. */
    async delete(caller: UserCaller, vendorId: string, clientId: string): Promise<void> {
      await requireAdmin(caller, vendorId);
      if (!(await clients.deleteVendorClient(vendorId, clientId))) {
        throw new AppError('not_found', 'OAUTH_CLIENT_NOT_FOUND', 'no such client of this vendor');
      }
      await audit.record({
        caller,
        at: clock.now(),
        action: 'oauth-client.deleted',
        outcome: 'succeeded',
        vendorId,
        details: { clientId },
      });
    },
  };
}

/** The client management use cases. */
export type OAuthClientService = ReturnType<typeof createOAuthClientService>;
