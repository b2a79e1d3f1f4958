/** A person with an account. */
export interface User {
  readonly id: string;
  /** Lower-cased and trimmed (`normalizeEmail`). */
  readonly email: string;
  readonly emailVerified: boolean;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

/** What a single-use email token is for. */
export type EmailTokenPurpose = 'email_verification' | 'password_reset';

/** Users and their single-use email tokens (stored as hashes). */
export interface UserRepository {
  /** Creates the user; undefined when the email has an account already. */
  insertUser(user: { id: string; email: string; passwordHash: string }): Promise<User | undefined>;
  findUserByEmail(email: string): Promise<User | undefined>;
  findUserById(userId: string): Promise<User | undefined>;
  updatePasswordHash(userId: string, passwordHash: string): Promise<void>;
  markEmailVerified(userId: string): Promise<void>;
  insertEmailToken(token: {
    tokenHash: string;
    userId: string;
    purpose: EmailTokenPurpose;
    expiresAt: Date;
  }): Promise<void>;
  /**
   * Uses a token once: the user id when the token exists for `purpose`, is unused and unexpired at `now`;
   * then every other unused token of that user and purpose is used up too.
   */
  consumeEmailToken(token: {
    tokenHash: string;
    purpose: EmailTokenPurpose;
    now: Date;
  }): Promise<string | undefined>;
}

/** The form emails are stored and compared in. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
