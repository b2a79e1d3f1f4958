import type { VendorRole } from '@homeport/contracts';

/**
 * The vendors a user works for, with their role in each. Every vendor query of a user takes it, as home
 * queries take the HomeScope; a vendor's own back end (VendorCaller) reaches its one vendor only.
 */
export interface VendorScope {
  readonly userId: string;
  readonly roles: ReadonlyMap<string, VendorRole>;
}

/** Vendor members: the users who work for a device maker. */
export interface VendorMemberRepository {
  loadScope(userId: string): Promise<VendorScope>;
}
