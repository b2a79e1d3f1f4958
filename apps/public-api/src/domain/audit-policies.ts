import type { Caller } from './callers';
import { canManageMembers } from './home-policies';
import type { HomeScope } from './homes';
import { canAdministerVendor, canOperateVendor } from './vendor-policies';
import type { VendorScope } from './vendors';

// Who may read which audit log, decided here and nowhere else. The log names members' addresses and
// credentials, so it is for those who manage: a home's owners, a vendor's admins and its own back end.

/** A home's owners read its log; its members do not. */
export function canReadHomeAudit(scope: HomeScope, homeId: string): boolean {
  return canManageMembers(scope, homeId);
}

/**
 * A vendor's own API key or OAuth client reads its vendor's log (the route requires `audit:read`); a person
 * reads it as the vendor's admin with their own session (as they manage the vendor's keys).
 */
export function canReadVendorAudit(
  caller: Caller,
  scope: VendorScope | undefined,
  vendorId: string,
): boolean {
  return caller.kind === 'vendor'
    ? canOperateVendor(caller, scope, vendorId)
    : canAdministerVendor(caller, scope, vendorId);
}
