import { AppError } from '@homeport/errors';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuditLog } from './audit';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import type { OwnTracksCredential, OwnTracksCredentialRepository } from './locations';
import { hashSecretToken, newSecretToken } from './secret-tokens';

/** Prefix of the passwords: secret scanners recognize them. */
const passwordPrefix = 'otp_';

/** What the OwnTracks credential use cases need. */
export interface OwnTracksCredentialServiceDeps {
  readonly credentials: OwnTracksCredentialRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** A phone's HTTP Basic credential for the OwnTracks app: created (password shown once), listed, revoked. */
export function createOwnTracksCredentialService(deps: OwnTracksCredentialServiceDeps) {
  const { credentials, audit, clock } = deps;
  const unauthenticated = () =>
    new AppError(
      'unauthenticated',
      'OWNTRACKS_CREDENTIAL_INVALID',
      'the OwnTracks username or password is wrong',
    );
  return {
    async create(
      caller: UserCaller,
      phone: string,
    ): Promise<{ credential: OwnTracksCredential; password: string }> {
      const now = clock.now();
      const id = randomUUID();
      // The username is typed into the app by hand: short, unguessable on its own is not needed.
      const credential = {
        id,
        userId: caller.userId,
        phone,
        username: `ot-${randomBytes(8).toString('hex')}`,
        createdAt: now,
        lastUsedAt: null,
      };
      const password = `${passwordPrefix}${newSecretToken()}`;
      await credentials.insert(credential, hashSecretToken(password));
      await audit.record({
        caller,
        at: now,
        action: 'owntracks-credential.created',
        outcome: 'succeeded',
        details: { credentialId: id, phone },
      });
      return { credential, password };
    },

    list: (caller: UserCaller) => credentials.listOfUser(caller.userId),

    async revoke(caller: UserCaller, credentialId: string): Promise<void> {
      const now = clock.now();
      if (!(await credentials.revoke(caller.userId, credentialId, now))) {
        throw new AppError('not_found', 'OWNTRACKS_CREDENTIAL_NOT_FOUND', 'no such credential of yours');
      }
      await audit.record({
        caller,
        at: now,
        action: 'owntracks-credential.revoked',
        outcome: 'succeeded',
        details: { credentialId },
      });
    },

    /** The credential of an `Authorization: Basic` header, or 401 OWNTRACKS_CREDENTIAL_INVALID. */
    async authenticate(authorization: string | undefined): Promise<OwnTracksCredential> {
      const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '')?.[1];
      if (basic === undefined) throw unauthenticated();
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw unauthenticated();
      const found = await credentials.use(
        decoded.slice(0, colon),
        hashSecretToken(decoded.slice(colon + 1)),
        clock.now(),
      );
      if (found === undefined) throw unauthenticated();
      return found;
    },
  };
}

/** The OwnTracks credential use cases. */
export type OwnTracksCredentialService = ReturnType<typeof createOwnTracksCredentialService>;
