import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import { addSeconds, type Clock } from './clock';
import { requireCurrentPassword, requireUser as requireUserOf } from './current-password';
import type { Notifications } from './notifications';
import type { PasswordHashing } from './password-hashing';
import { hashSecretToken, newSecretToken } from './secret-tokens';
import type { UserCaller } from './callers';
import type { SessionRepository } from './sessions';
import { normalizeEmail, type EmailTokenPurpose, type User, type UserRepository } from './users';

/** What the account use cases need. */
export interface AccountServiceDeps {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly notifications: Notifications;
  readonly passwords: PasswordHashing;
  readonly clock: Clock;
  readonly emailVerificationTtlSeconds: number;
  readonly passwordResetTtlSeconds: number;
}

const tokenRefused = () =>
  new AppError('invalid', 'TOKEN_INVALID', 'the token is unknown, used or expired', {
    details: { fields: [{ location: 'body', path: '/token', message: 'is unknown, used or expired' }] },
  });

/** Sign-up, email verification, password change and reset. */
export function createAccountService(deps: AccountServiceDeps) {
  const { users, sessions, notifications, passwords, clock } = deps;

  async function issueEmailToken(user: User, purpose: EmailTokenPurpose, ttlSeconds: number) {
    const token = newSecretToken();
    const expiresAt = addSeconds(clock.now(), ttlSeconds);
    await users.insertEmailToken({ tokenHash: hashSecretToken(token), userId: user.id, purpose, expiresAt });
    return { userId: user.id, email: user.email, token, expiresAt: expiresAt.getTime() };
  }

  const sendVerification = async (user: User) =>
    notifications.emailVerificationRequested(
      await issueEmailToken(user, 'email_verification', deps.emailVerificationTtlSeconds),
    );

  const publishContact = (user: Pick<User, 'id' | 'email' | 'emailVerified'>) =>
    notifications.contactChanged({
      userId: user.id,
      email: user.email,
      emailVerified: user.emailVerified,
      changedAt: clock.now().getTime(),
    });

  const requireUser = (caller: UserCaller) => requireUserOf(users, caller);

  return {
    /**
     * Creates the account, with the same work whether or not the address is taken (a hash, one insert), and
     * resolves with what remains to do once the request is answered: the verification email for a new
     * account, nothing for a taken address. The caller answers first, so the answer tells nothing of it.
     */
    async signUp(request: { email: string; password: string }): Promise<() => Promise<void>> {
      const passwordHash = await passwords.hash(request.password);
      const user = await users.insertUser({
        id: randomUUID(),
        email: normalizeEmail(request.email),
        passwordHash,
      });
      if (user === undefined) return () => Promise.resolve();
      return async () => {
        await publishContact(user);
        await sendVerification(user);
      };
    },

    getAccount: requireUser,

    /** Sends a new verification email unless the address is verified already. */
    async resendVerification(caller: UserCaller): Promise<void> {
      const user = await requireUser(caller);
      if (!user.emailVerified) await sendVerification(user);
    },

    async confirmEmail(token: string): Promise<void> {
      const userId = await users.consumeEmailToken({
        tokenHash: hashSecretToken(token),
        purpose: 'email_verification',
        now: clock.now(),
      });
      if (userId === undefined) throw tokenRefused();
      await users.markEmailVerified(userId);
      const user = await users.findUserById(userId);
      if (user !== undefined) await publishContact(user);
    },

    /** Sends a reset email when the address has an account; answers the same either way. */
    async requestPasswordReset(email: string): Promise<void> {
      const user = await users.findUserByEmail(normalizeEmail(email));
      if (user === undefined) return;
      const reset = await issueEmailToken(user, 'password_reset', deps.passwordResetTtlSeconds);
      await notifications.passwordResetRequested(reset);
    },

    /** Sets the new password and ends every session (whoever had the old password is out). */
    async confirmPasswordReset(request: { token: string; newPassword: string }): Promise<void> {
      const now = clock.now();
      const userId = await users.consumeEmailToken({
        tokenHash: hashSecretToken(request.token),
        purpose: 'password_reset',
        now,
      });
      if (userId === undefined) throw tokenRefused();
      await users.updatePasswordHash(userId, await passwords.hash(request.newPassword));
      await sessions.endUserSessions(userId, 'password_reset', now);
    },

    /** Needs the current password; ends every other session of the user, this one stays. */
    async changePassword(
      caller: UserCaller,
      request: { currentPassword: string; newPassword: string },
    ): Promise<void> {
      const user = await requireCurrentPassword(deps, caller, request.currentPassword);
      await users.updatePasswordHash(user.id, await passwords.hash(request.newPassword));
      const thisSession = caller.credential.kind === 'session' ? caller.credential.sessionId : undefined;
      await sessions.endUserSessions(user.id, 'password_changed', clock.now(), thisSession);
    },
  };
}

/** The account use cases. */
export type AccountService = ReturnType<typeof createAccountService>;
