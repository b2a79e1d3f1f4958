import { randomBytes } from 'node:crypto';
import type { PasswordHashing } from './password-hashing';
import { normalizeEmail, type User, type UserRepository } from './users';

/** The user whose email and password these are, or undefined: one answer for a wrong password or an unknown email. */
export type PasswordCheck = (email: string, password: string) => Promise<User | undefined>;

/** Checks sign-ins (login, the OAuth consent page), taking as long whether or not the account exists. */
export function createPasswordCheck(users: UserRepository, passwords: PasswordHashing): PasswordCheck {
  // Verified when the email is unknown, so that a check takes as long as for a wrong password.
  const decoyHash = passwords.hash(randomBytes(32).toString('base64url'));
  return async (email, password) => {
    const user = await users.findUserByEmail(normalizeEmail(email));
    const matches = await passwords.verify(password, user?.passwordHash ?? (await decoyHash));
    return user !== undefined && matches ? user : undefined;
  };
}
