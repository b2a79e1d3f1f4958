import type { AuditEvent } from './audit';

/** An entry as it was written: its number, when, the actor as recorded, and the event. */
export interface RecordedAuditEntry extends AuditEvent {
  /** Increasing in the order entries are written: the paging cursor. */
  readonly id: string;
  readonly at: Date;
  readonly actor: {
    readonly kind: 'user' | 'vendor';
    readonly userId: string | null;
    readonly vendorId: string | null;
    readonly credential: { readonly kind: string; readonly id: string };
  };
  readonly address: string;
}

/** Which entries of a log, and which page of them (newest first). */
export interface AuditPageRequest {
  /** Entries written before the entry with this id (the previous page's last). */
  readonly before?: string;
  readonly limit: number;
  readonly action?: string;
  readonly deviceId?: string;
  /** At or after. */
  readonly from?: Date;
  /** Before. */
  readonly to?: Date;
}

/**
 * The logs a reader may see: the homes they own, the vendors they read for. Every read takes it, so an entry
 * outside it is never returned, whatever the request names.
 */
export interface AuditScope {
  readonly homeIds: readonly string[];
  readonly vendorIds: readonly string[];
}

/** Reads the audit log: one home's or one vendor's entries, confined to the reader's scope. */
export interface AuditReader {
  listEntries(
    scope: AuditScope,
    log: { readonly homeId: string } | { readonly vendorId: string },
    page: AuditPageRequest,
  ): Promise<RecordedAuditEntry[]>;
}
