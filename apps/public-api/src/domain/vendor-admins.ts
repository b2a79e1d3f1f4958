import { isValidId } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { normalizeEmail, type UserRepository } from './users';
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
  const email = normalizeEmail(request.email);
  const user = await deps.users.findUserByEmail(email);
  if (user === undefined) {
    throw new AppError('not_found', 'USER_NOT_FOUND', `no account has the address ${email}: sign up first`);
  }
  if (!user.emailVerified) {
    throw new AppError(
      'forbidden',
      'EMAIL_NOT_VERIFIED',
      `${email} is not verified yet: confirm it with the emailed link first`,
    );
  }
  return deps.vendorMembers.grantAdmin(request.vendorId, user.id);
}
