import { AppError } from '@homeport/errors';
import type { Caller } from './callers';
import { canAdministerVendor, canManageVendorIntegrations, canOperateVendor } from './vendor-policies';
import type { VendorMemberRepository, VendorScope } from './vendors';

/** One answer for a vendor that does not exist and one outside the caller's reach. */
export const vendorNotFound = () =>
  new AppError('not_found', 'VENDOR_NOT_FOUND', 'no such vendor among yours');

/** A member of the vendor doing an admin's work (or an admin through a token rather than a session). */
export const vendorRoleInsufficient = () =>
  new AppError(
    'forbidden',
    'VENDOR_ROLE_INSUFFICIENT',
    "only the vendor's admins, signed in themselves, may do this",
  );

/** The checks every vendor use case starts with, on the caller's VendorScope. */
export function createVendorAccess(vendorMembers: VendorMemberRepository) {
  const loadScope = (caller: Caller) =>
    caller.kind === 'user' ? vendorMembers.loadScope(caller.userId) : Promise.resolve(undefined);

  return {
    loadScope,

    /** The caller's scope when they reach the vendor; 404 VENDOR_NOT_FOUND otherwise. */
    async requireOperator(caller: Caller, vendorId: string): Promise<VendorScope | undefined> {
      const scope = await loadScope(caller);
      if (!canOperateVendor(caller, scope, vendorId)) throw vendorNotFound();
      return scope;
    },

    /**
     * The scope of an admin of the vendor with their own session; a member who is not (a developer, or an
     * admin through a token) 403 VENDOR_ROLE_INSUFFICIENT; anyone else 404 VENDOR_NOT_FOUND.
     */
    async requireAdmin(caller: Caller, vendorId: string): Promise<VendorScope> {
      const scope = await loadScope(caller);
      if (scope !== undefined && canAdministerVendor(caller, scope, vendorId)) return scope;
      if (!canOperateVendor(caller, scope, vendorId)) throw vendorNotFound();
      throw vendorRoleInsufficient();
    },

    /**
     * Passes the vendor's back end and its admins with their own session; another member 403
     * VENDOR_ROLE_INSUFFICIENT; anyone else 404 VENDOR_NOT_FOUND.
     */
    async requireIntegrationManager(caller: Caller, vendorId: string): Promise<void> {
      const scope = await loadScope(caller);
      if (canManageVendorIntegrations(caller, scope, vendorId)) return;
      if (!canOperateVendor(caller, scope, vendorId)) throw vendorNotFound();
      throw vendorRoleInsufficient();
    },
  };
}

/** The vendor access checks. */
export type VendorAccess = ReturnType<typeof createVendorAccess>;
