/** A device credential's metadata; the secret itself is never stored. */
export interface Credential {
  readonly id: string;
  readonly deviceId: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/** What CONNECT checks a device against: the device and the hashes of its active credentials. */
export interface DeviceAuthRecord {
  readonly deviceId: string;
  readonly vendorId: string;
  readonly credentials: readonly { readonly id: string; readonly secretHash: Buffer }[];
}

/** A revoked credential, as the revocation sweep sees it. */
export interface Revocation {
  readonly credentialId: string;
  readonly deviceId: string;
}

/** Storage of credentials and of the revocation log every replica's sweep reads. */
export interface CredentialRepository {
  /**
   * Stores a new credential. With `replaceActive`, revokes the device's active ones in the same transaction
   * (rotation); without it, throws AppError `conflict` CREDENTIAL_EXISTS when one is active. Throws
   * `not_found` DEVICE_NOT_FOUND when the device does not exist.
   */
  insert(
    credential: { id: string; deviceId: string; secretHash: Buffer },
    options: {
      replaceActive: boolean;
      /** Runs in the transaction, with the stored credential and its device's vendor, before the commit. */
      beforeCommit: (issued: Credential & { readonly vendorId: string }) => Promise<void>;
    },
  ): Promise<Credential>;
  /** The device's credentials, newest first; undefined when the device does not exist. */
  list(deviceId: string): Promise<Credential[] | undefined>;
  /** Revokes one credential (kept for the record); undefined when the device has no such credential. */
  revoke(deviceId: string, credentialId: string): Promise<Credential | undefined>;
  /** These devices with their active credentials, by id; a device that does not exist is absent. */
  findAuthRecords(deviceIds: readonly string[]): Promise<ReadonlyMap<string, DeviceAuthRecord>>;
  /** Revocations after `since` (database clock), and the database time of the query for the next call. */
  listRevokedSince(since: Date | undefined): Promise<{ revocations: Revocation[]; queriedAt: Date }>;
  /** Removes log entries older than `before`. */
  pruneRevocations(before: Date): Promise<void>;
}
