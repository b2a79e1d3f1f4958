import { AppError } from '@homeport/errors';
import type { Credential, CredentialRepository } from './credentials';
import type { DeviceLifecycleEvents } from './device-lifecycle';
import type { DeviceSecrets } from './device-secrets';
import { createId } from './new-id';

/** A credential just issued: the only moment its secret exists outside the device. */
export interface IssuedCredential {
  readonly credential: Credential;
  readonly secret: string;
}

/** Use cases of device credentials. */
export interface CredentialService {
  /** Issues the device's first credential (conflict when one is active: rotate instead). */
  issue(deviceId: string): Promise<IssuedCredential>;
  /** Issues a new credential and revokes the active ones; connections using those are closed. */
  rotate(deviceId: string): Promise<IssuedCredential>;
  revoke(deviceId: string, credentialId: string): Promise<Credential>;
  list(deviceId: string): Promise<Credential[]>;
}

/** Dependencies of the credential use cases. */
export interface CredentialServiceDeps {
  readonly repository: CredentialRepository;
  readonly secrets: DeviceSecrets;
  /**
   * Told when a device's credentials changed on this replica, to drop its cached record and close revoked
   * connections at once (other replicas learn it from their revocation sweep).
   */
  readonly onCredentialsChanged: (deviceId: string) => void;
  /** Where a new credential is announced (state-workers start a new order epoch of the device's reports). */
  readonly events: DeviceLifecycleEvents;
}

/** Creates the credential use cases. */
export function createCredentialService(deps: CredentialServiceDeps): CredentialService {
  const { repository, secrets, onCredentialsChanged, events } = deps;
  const issueNew = async (deviceId: string, replaceActive: boolean): Promise<IssuedCredential> => {
    const secret = secrets.generate();
    // Announced before the commit, so before the device can use the credential: its reports under it are
    // queued behind the event (the `seq` order rule in docs/architecture.md).
    const credential = await repository.insert(
      { id: createId('cred'), deviceId, secretHash: secrets.hash(secret) },
      {
        replaceActive,
        beforeCommit: (issued) =>
          events.credentialIssued({
            vendorId: issued.vendorId,
            deviceId,
            credentialId: issued.id,
            issuedAt: issued.createdAt.getTime(),
          }),
      },
    );
    onCredentialsChanged(deviceId);
    return { credential, secret };
  };
  return {
    issue: (deviceId) => issueNew(deviceId, false),
    rotate: (deviceId) => issueNew(deviceId, true),
    async revoke(deviceId, credentialId) {
      const credential = await repository.revoke(deviceId, credentialId);
      if (credential === undefined) {
        throw new AppError('not_found', 'CREDENTIAL_NOT_FOUND', `credential ${credentialId} not found`);
      }
      onCredentialsChanged(deviceId);
      return credential;
    },
    async list(deviceId) {
      const credentials = await repository.list(deviceId);
      if (credentials === undefined) {
        throw new AppError('not_found', 'DEVICE_NOT_FOUND', `device ${deviceId} not found`);
      }
      return credentials;
    },
  };
}
