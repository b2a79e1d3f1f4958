import type { Caller } from './callers';
import type { VendorScope } from './vendors';

// Who may do what with a vendor, decided here and nowhere else. A vendor outside the caller's reach is
// answered as missing (VENDOR_NOT_FOUND), as homes are: it tells nothing of other vendors.

/**
 * A vendor's own key or client reaches its vendor; a user reaches the vendors they are a member of (any
 * role), with their own credentials (a session or a personal access token), never through an OAuth grant:
 * a third-party app an owner authorized acts on the owner's homes, not on a vendor the owner works for.
 * `scope` is the user's VendorScope (unused for a vendor's back end).
 */
export function canOperateVendor(caller: Caller, scope: VendorScope | undefined, vendorId: string): boolean {
  if (caller.kind === 'vendor') return caller.vendorId === vendorId;
  if (caller.credential.kind === 'oauth') return false;
  return scope?.userId === caller.userId && scope.roles.has(vendorId);
}

/** Admins, with their own session, manage the vendor's members, API keys and OAuth clients. */
export function canAdministerVendor(
  caller: Caller,
  scope: VendorScope | undefined,
  vendorId: string,
): boolean {
  return (
    caller.kind === 'user' &&
    caller.credential.kind === 'session' &&
    scope?.userId === caller.userId &&
    scope.roles.get(vendorId) === 'admin'
  );
}

/** An admin removes any member; any member with their own session removes themself (leaves). */
export function canRemoveVendorMember(
  caller: Caller,
  scope: VendorScope | undefined,
  vendorId: string,
  userId: string,
): boolean {
  if (canAdministerVendor(caller, scope, vendorId)) return true;
  return (
    caller.kind === 'user' &&
    caller.credential.kind === 'session' &&
    caller.userId === userId &&
    canOperateVendor(caller, scope, vendorId)
  );
}

/**
 * The vendor's integrations (webhook endpoints): its own back end (a key or client with the scope), or an
 * admin with their own session, as for API keys and OAuth clients: an endpoint receives every device's
 * events of the vendor, the kind of reach only admins hand out.
 */
export function canManageVendorIntegrations(
  caller: Caller,
  scope: VendorScope | undefined,
  vendorId: string,
): boolean {
  if (caller.kind === 'vendor') return caller.vendorId === vendorId;
  return canAdministerVendor(caller, scope, vendorId);
}
