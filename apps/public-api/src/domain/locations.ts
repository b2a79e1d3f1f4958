import type { HomeZone, locationFixesReportedV1, MessagePayload } from '@homeport/contracts';

/** A batch of fixes as published to geofencing. */
export type LocationFixesMessage = MessagePayload<typeof locationFixesReportedV1>;

/** Port: where accepted batches go (RabbitMQ, or the in-process bus); resolves once confirmed. */
export interface LocationFixesPublisher {
  publish(message: LocationFixesMessage): Promise<void>;
}

/** A home of the user's with a zone. */
export interface HomeWithZone {
  readonly homeId: string;
  readonly zone: HomeZone;
}

/** Port: the zones of the homes a user belongs to (those with a location). */
export interface HomeZones {
  zonesOfUser(userId: string): Promise<HomeWithZone[]>;
}

/** An OwnTracks credential (never its password). */
export interface OwnTracksCredential {
  readonly id: string;
  readonly userId: string;
  readonly phone: string;
  readonly username: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

/** Port: OwnTracks credentials; every query but the authenticator's is confined to the user's own. */
export interface OwnTracksCredentialRepository {
  insert(credential: OwnTracksCredential, passwordHash: string): Promise<void>;
  /** The user's credentials not revoked. */
  listOfUser(userId: string): Promise<OwnTracksCredential[]>;
  /** False when the user holds no such live credential. */
  revoke(userId: string, credentialId: string, now: Date): Promise<boolean>;
  /** The live credential with this username and password hash, its last use set to `now`. */
  use(username: string, passwordHash: string, now: Date): Promise<OwnTracksCredential | undefined>;
}
