import type { Caller } from './callers';

/** What an audit entry records besides its actor: the action, its outcome and what it concerned. */
export interface AuditEvent {
  /** `<thing>.<past participle>`, e.g. `device.claimed`, `api-key.created`, `home.member-removed`. */
  readonly action: string;
  /** `refused`: the attempt is audited too (a wrong claim code, a forbidden change). */
  readonly outcome: 'succeeded' | 'refused';
  readonly homeId?: string;
  readonly vendorId?: string;
  readonly deviceId?: string;
  /** A few plain values that say more (a role, a scope list); never a secret. */
  readonly details?: Readonly<Record<string, string | number | boolean | null | readonly string[]>>;
}

/** An audit entry: who (the caller and the credential they used), what, and from which address, when. */
export interface AuditEntry extends AuditEvent {
  readonly caller: Caller;
  readonly at: Date;
}

/** The audit log: entries are only ever added. Readers see those of their homes or their vendor. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** The id of the credential a caller used, as the audit log names it. */
export function credentialIdOf(caller: Caller): string {
  const { credential } = caller;
  switch (credential.kind) {
    case 'session':
      return credential.sessionId;
    case 'personal-access-token':
      return credential.tokenId;
    case 'oauth':
    case 'oauth-client':
      return credential.clientId;
    case 'api-key':
      return credential.keyId;
  }
}
