import type { UserRepository } from './users';
import { findVerifiedUser } from './verified-users';

/** How a person became an operator. */
export type OperatorGrant = 'admin-command' | 'join-code';

/** Whether the grant made a new operator, or the person was one already. */
export type OperatorGrantOutcome = 'added' | 'already_operator';

/** The platform's operators: people, neither vendors nor home members, who watch the platform itself. */
export interface OperatorRepository {
  isOperator(userId: string): Promise<boolean>;
  grant(userId: string, grantedWith: OperatorGrant): Promise<OperatorGrantOutcome>;
}

/** Makes the user with `email` (signed up, address verified) an operator: the admin command's use case. */
export async function grantOperator(
  deps: { readonly users: UserRepository; readonly operators: OperatorRepository },
  email: string,
): Promise<OperatorGrantOutcome> {
  const user = await findVerifiedUser(deps.users, email);
  return deps.operators.grant(user.id, 'admin-command');
}
