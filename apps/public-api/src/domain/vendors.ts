import type { VendorRole } from '@homeport/contracts';

/**
 * The vendors a user works for, with their role in each. Every vendor query of a user takes it, as home
 * queries take the HomeScope; a vendor's own back end (VendorCaller) reaches its one vendor only.
 */
export interface VendorScope {
  readonly userId: string;
  readonly roles: ReadonlyMap<string, VendorRole>;
}

/** A member of a vendor. */
export interface VendorMember {
  readonly userId: string;
  readonly email: string;
  readonly role: VendorRole;
  readonly joinedAt: Date;
}

/**
 * What removing a vendor member did. `scope_changed`: the caller's own membership changed since the scope
 * was read (by a request that committed first), so nothing was done.
 */
export type VendorRemovalOutcome = 'removed' | 'not_member' | 'last_admin' | 'scope_changed';

/** What making a user a vendor's admin did (the operators' command). */
export type AdminGrantOutcome = 'added' | 'promoted' | 'already_admin';

/** Vendor members: the users who work for a device maker. */
export interface VendorMemberRepository {
  loadScope(userId: string): Promise<VendorScope>;
  /** The members of a vendor within the scope (none for a vendor outside it). */
  listMembers(scope: VendorScope, vendorId: string): Promise<VendorMember[]>;
  /** Removes a member unless they are the last admin (decided under a lock on the vendor's members). */
  removeMember(scope: VendorScope, vendorId: string, userId: string): Promise<VendorRemovalOutcome>;
  /** Makes the user an admin of the vendor: the first admin of a vendor comes from operators. */
  grantAdmin(vendorId: string, userId: string): Promise<AdminGrantOutcome>;
}
