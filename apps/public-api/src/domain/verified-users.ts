import { AppError } from '@homeport/errors';
import { normalizeEmail, type User, type UserRepository } from './users';

/**
 * The user with `email`, who must have an account and have verified it, so that a right granted by address
 * (an admin command) reaches the person who reads that mailbox.
 */
export async function findVerifiedUser(users: UserRepository, address: string): Promise<User> {
  const email = normalizeEmail(address);
  const user = await users.findUserByEmail(email);
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
  return user;
}
