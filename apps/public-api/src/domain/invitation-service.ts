import type { VendorRole } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AuditLog } from './audit';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import { canAcceptInvitations } from './home-policies';
import type { HomeOfMember, HomeRepository } from './homes';
import type { Invitation, InvitationRepository } from './invitations';
import type { UserRepository } from './users';
import type { VendorMemberRepository } from './vendors';

/** What the invitation use cases need. */
export interface InvitationServiceDeps {
  readonly invitations: InvitationRepository;
  readonly homes: HomeRepository;
  readonly vendorMembers: VendorMemberRepository;
  readonly users: UserRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** What accepting an invitation joined: a home (with the caller's role now) or a vendor. */
export type Joined =
  | { readonly kind: 'home'; readonly home: HomeOfMember }
  | { readonly kind: 'vendor'; readonly vendorId: string; readonly role: VendorRole };

const invitationNotFound = () =>
  new AppError('not_found', 'INVITATION_NOT_FOUND', 'no such invitation to your address');

/** The invitations to homes and vendors addressed to the caller's verified email: listed and accepted. */
export function createInvitationService(deps: InvitationServiceDeps) {
  const { invitations, homes, vendorMembers, users, audit, clock } = deps;

  async function requireUser(caller: UserCaller) {
    const user = await users.findUserById(caller.userId);
    if (user === undefined) throw new AppError('unauthenticated', 'SESSION_ENDED', 'the session has ended');
    return user;
  }

  async function joined(caller: UserCaller, invitation: Invitation): Promise<Joined> {
    if (invitation.kind === 'home') {
      const home = await homes.findHome(await homes.loadScope(caller.userId), invitation.homeId);
      // Removed again between the acceptance and this read: answered as any invitation gone.
      if (home === undefined) throw invitationNotFound();
      await audit.record({
        caller,
        at: clock.now(),
        action: 'home.member-joined',
        outcome: 'succeeded',
        homeId: home.id,
        details: { invitationId: invitation.id, role: home.role },
      });
      return { kind: 'home', home };
    }
    const scope = await vendorMembers.loadScope(caller.userId);
    const role = scope.roles.get(invitation.vendorId);
    if (role === undefined) throw invitationNotFound();
    await audit.record({
      caller,
      at: clock.now(),
      action: 'vendor.member-joined',
      outcome: 'succeeded',
      vendorId: invitation.vendorId,
      details: { invitationId: invitation.id, role },
    });
    return { kind: 'vendor', vendorId: invitation.vendorId, role };
  }

  return {
    /** The invitations to the caller's address, once it is verified (before, it may not be theirs). */
    async listInvitations(caller: UserCaller): Promise<Invitation[]> {
      const user = await requireUser(caller);
      return canAcceptInvitations(user) ? invitations.listInvitations(user.email, clock.now()) : [];
    },

    async acceptInvitation(caller: UserCaller, invitationId: string): Promise<Joined> {
      const user = await requireUser(caller);
      if (!canAcceptInvitations(user)) {
        throw new AppError(
          'forbidden',
          'EMAIL_NOT_VERIFIED',
          'verify your email address to accept invitations',
        );
      }
      const outcome = await invitations.acceptInvitation({
        invitationId,
        email: user.email,
        userId: user.id,
        now: clock.now(),
      });
      if (outcome.kind === 'not_found') throw invitationNotFound();
      if (outcome.kind === 'expired')
        throw new AppError('conflict', 'INVITATION_EXPIRED', 'the invitation has expired');
      return joined(caller, outcome.invitation);
    },
  };
}

/** The invitation use cases. */
export type InvitationService = ReturnType<typeof createInvitationService>;
