import { isValidId } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { UserRepository } from './users';
import { findVerifiedUser } from './verified-users';
import type { AdminGrantOutcome, VendorMemberRepository } from './vendors';

/**
 * Makes the user with `email` an admin of `vendorId`: how a vendor gets its first admin (operators run it,
 * admins invite the others). The address must have an account and be verified, so the admin is the person
 * who reads that mailbox. Whether broker-api knows the vendor is not checked: the command reads only
 * DATABASE_URL (a known gap, README "Operations"); type the id broker-api shows.
 */
export async function grantVendorAdmin(
  deps: { readonly users: UserRepository; readonly vendorMembers: VendorMemberRepository },
  request: { readonly vendorId: string; readonly email: string },
): Promise<AdminGrantOutcome> {
  if (!isValidId(request.vendorId)) {
    throw new AppError('invalid', 'VENDOR_ID_INVALID', `"${request.vendorId}" is not a vendor id`);
  }
  const user = await findVerifiedUser(deps.users, request.email);
  return deps.vendorMembers.grantAdmin(request.vendorId, user.id);
}
