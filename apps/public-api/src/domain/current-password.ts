import { AppError } from '@homeport/errors';
import type { UserCaller } from './callers';
import type { PasswordHashing } from './password-hashing';
import type { User, UserRepository } from './users';

/** Re-authentication: the caller's account when `currentPassword` is its password, else 403 PASSWORD_INCORRECT. */
export async function requireCurrentPassword(
  deps: { readonly users: UserRepository; readonly passwords: PasswordHashing },
  caller: UserCaller,
  currentPassword: string,
): Promise<User> {
  const user = await requireUser(deps.users, caller);
  if (!(await deps.passwords.verify(currentPassword, user.passwordHash))) {
    throw new AppError('forbidden', 'PASSWORD_INCORRECT', 'the current password is not correct');
  }
  return user;
}

/** The caller's account; its session was checked a moment ago, so a missing one means it has just ended. */
export async function requireUser(users: UserRepository, caller: UserCaller): Promise<User> {
  const user = await users.findUserById(caller.userId);
  if (user === undefined) throw new AppError('unauthenticated', 'SESSION_ENDED', 'the session has ended');
  return user;
}
