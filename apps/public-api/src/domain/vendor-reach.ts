import { AppError } from '@homeport/errors';
import type { Caller } from './callers';
import { canOperateVendor } from './vendor-policies';
import type { VendorMemberRepository } from './vendors';

/** Refuses a caller who may not operate `vendorId` with 404 VENDOR_NOT_FOUND, whether or not it exists. */
export type RequireVendor = (caller: Caller, vendorId: string) => Promise<void>;

/**
 * The check every vendor operation starts with: a vendor's own key reaches its vendor, a user the vendors
 * they are a member of (their VendorScope, loaded per request so a removed member loses reach at once).
 */
export function createRequireVendor(members: VendorMemberRepository): RequireVendor {
  return async (caller, vendorId) => {
    const scope = caller.kind === 'user' ? await members.loadScope(caller.userId) : undefined;
    if (!canOperateVendor(caller, scope, vendorId)) {
      throw new AppError('not_found', 'VENDOR_NOT_FOUND', 'no such vendor among yours');
    }
  };
}
