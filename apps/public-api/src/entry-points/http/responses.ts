import type {
  HomeResponse,
  InvitationResponse,
  MemberResponse,
  TokenPairResponse,
  UserResponse,
} from '@homeport/contracts';
import type { HomeOfMember, Invitation, Member } from '../../domain/homes';
import type { TokenPair } from '../../domain/session-service';
import type { User } from '../../domain/users';

const iso = (date: Date): string => date.toISOString();

/** A session's tokens as the API shows them. */
export const toTokenPairResponse = (pair: TokenPair): TokenPairResponse => ({
  tokenType: 'Bearer',
  accessToken: pair.accessToken,
  expiresIn: pair.expiresInSeconds,
  refreshToken: pair.refreshToken,
  refreshExpiresIn: pair.refreshExpiresInSeconds,
});

/** The user as they see themself (never the password hash). */
export const toUserResponse = (user: User): UserResponse => ({
  id: user.id,
  email: user.email,
  emailVerified: user.emailVerified,
  createdAt: iso(user.createdAt),
});

/** A home as its member sees it. */
export const toHomeResponse = (home: HomeOfMember): HomeResponse => ({
  ...home,
  createdAt: iso(home.createdAt),
});

/** A member as the home's members see them. */
export const toMemberResponse = (member: Member): MemberResponse => ({
  ...member,
  joinedAt: iso(member.joinedAt),
});

/** An invitation as the invitee and the owners see it. */
export const toInvitationResponse = (invitation: Invitation): InvitationResponse => ({
  id: invitation.id,
  homeId: invitation.homeId,
  homeName: invitation.homeName,
  email: invitation.email,
  role: invitation.role,
  createdAt: iso(invitation.createdAt),
  expiresAt: iso(invitation.expiresAt),
});
