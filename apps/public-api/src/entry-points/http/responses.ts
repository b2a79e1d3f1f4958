import type {
  AcceptedInvitationResponse,
  ApiKeyResponse,
  HomeResponse,
  InvitationResponse,
  MemberResponse,
  TokenPairResponse,
  UserResponse,
  VendorAccessResponse,
  VendorInvitationResponse,
  VendorMemberResponse,
} from '@homeport/contracts';
import type { ApiKey } from '../../domain/api-keys';
import type { VendorCaller } from '../../domain/callers';
import type { HomeOfMember, Member } from '../../domain/homes';
import type { Joined } from '../../domain/invitation-service';
import type { HomeInvitation, Invitation, VendorInvitation } from '../../domain/invitations';
import type { VendorMember } from '../../domain/vendors';
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

/** A home invitation as the invitee and the owners see it. */
export const toHomeInvitationResponse = (invitation: HomeInvitation): InvitationResponse => ({
  kind: 'home',
  id: invitation.id,
  homeId: invitation.homeId,
  homeName: invitation.homeName,
  email: invitation.email,
  role: invitation.role,
  createdAt: iso(invitation.createdAt),
  expiresAt: iso(invitation.expiresAt),
});

/** A vendor invitation as the invitee and the vendor's admins see it. */
export const toVendorInvitationResponse = (invitation: VendorInvitation): VendorInvitationResponse => ({
  kind: 'vendor',
  id: invitation.id,
  vendorId: invitation.vendorId,
  email: invitation.email,
  role: invitation.role,
  createdAt: iso(invitation.createdAt),
  expiresAt: iso(invitation.expiresAt),
});

/** An invitation of either kind. */
export const toInvitationResponse = (invitation: Invitation) =>
  invitation.kind === 'home' ? toHomeInvitationResponse(invitation) : toVendorInvitationResponse(invitation);

/** What accepting an invitation joined: the home as its member sees it, or the vendor membership. */
export const toJoinedResponse = (joined: Joined): AcceptedInvitationResponse =>
  joined.kind === 'home' ? toHomeResponse(joined.home) : { vendorId: joined.vendorId, role: joined.role };

/** A vendor member as the vendor's members see them. */
export const toVendorMemberResponse = (member: VendorMember): VendorMemberResponse => ({
  ...member,
  joinedAt: iso(member.joinedAt),
});

/** An API key's metadata (never its secret or hash). */
export const toApiKeyResponse = (key: ApiKey): ApiKeyResponse => ({
  id: key.id,
  vendorId: key.vendorId,
  name: key.name,
  scopes: [...key.scopes],
  createdBy: key.createdBy,
  createdAt: iso(key.createdAt),
  expiresAt: iso(key.expiresAt),
  lastUsedAt: key.lastUsedAt === null ? null : iso(key.lastUsedAt),
  revokedAt: key.revokedAt === null ? null : iso(key.revokedAt),
});

/** A vendor's back end as it sees itself: its vendor, credential and scopes. */
export const toVendorAccessResponse = (caller: VendorCaller): VendorAccessResponse => ({
  vendorId: caller.vendorId,
  credential: caller.credential.kind,
  credentialId: caller.credential.kind === 'api-key' ? caller.credential.keyId : caller.credential.clientId,
  scopes: [...caller.scopes].sort(),
});
