import type { InviteVendorMemberRequest, VendorRole } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import type { AuditLog } from './audit';
import type { UserCaller, VendorCaller } from './callers';
import { addSeconds, type Clock } from './clock';
import { isSameCode } from './join-codes';
import type { InvitationRepository, VendorInvitation } from './invitations';
import type { Notifications } from './notifications';
import { vendorNotFound, vendorRoleInsufficient, type VendorAccess } from './vendor-access';
import { canRemoveVendorMember } from './vendor-policies';
import type { VendorMember, VendorMemberRepository } from './vendors';
import { normalizeEmail } from './users';

/** What the vendor member use cases need. */
export interface VendorServiceDeps {
  readonly vendorMembers: VendorMemberRepository;
  readonly invitations: InvitationRepository;
  readonly access: VendorAccess;
  readonly notifications: Notifications;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly invitationTtlSeconds: number;
  /** The embedded platform's demo vendor and the code that joins it; undefined in every deployment. */
  readonly demoVendor?: DemoVendor;
}

/**
 * A vendor anyone signed in may join as its admin with a code: the embedded platform's demo vendor (`npm start`
 * prints the code on the terminal that started it, so it reaches only the person running it).
 */
export interface DemoVendor {
  readonly vendorId: string;
  readonly joinCode: string;
}

/** A vendor a user works for, with their role. */
export interface VendorMembership {
  readonly vendorId: string;
  readonly role: VendorRole;
}

const removalRefusals = {
  scope_changed: vendorNotFound,
  not_member: () => new AppError('not_found', 'MEMBER_NOT_FOUND', 'no such member of this vendor'),
  last_admin: () =>
    new AppError(
      'conflict',
      'LAST_ADMIN',
      'a vendor keeps at least one admin: make another member admin first',
    ),
};

/** Vendors, their members and the invitations to them; every call is confined to the caller's vendors. */
export function createVendorService(deps: VendorServiceDeps) {
  const { vendorMembers, invitations, access, notifications, audit, clock } = deps;

  return {
    /** The vendors the user is a member of. */
    async listVendors(caller: UserCaller): Promise<VendorMembership[]> {
      const scope = await vendorMembers.loadScope(caller.userId);
      return [...scope.roles]
        .map(([vendorId, role]) => ({ vendorId, role }))
        .sort((a, b) => a.vendorId.localeCompare(b.vendorId));
    },

    /** A vendor's back end: its vendor, as far as the caller reaches it (404 for another vendor). */
    async describeAccess(caller: VendorCaller, vendorId: string): Promise<VendorCaller> {
      await access.requireOperator(caller, vendorId);
      return caller;
    },

    async listMembers(caller: UserCaller, vendorId: string): Promise<VendorMember[]> {
      const scope = await access.requireOperator(caller, vendorId);
      return scope === undefined ? [] : vendorMembers.listMembers(scope, vendorId);
    },

    /**
     * Admins invite an address, whether or not it has an account (the answer does not tell); the invitation
     * email is queued before the answer and the user whose verified address it names accepts it.
     */
    async inviteMember(
      caller: UserCaller,
      vendorId: string,
      request: InviteVendorMemberRequest,
    ): Promise<VendorInvitation> {
      await access.requireAdmin(caller, vendorId);
      const now = clock.now();
      const invitation = await invitations.insertVendorInvitation({
        id: randomUUID(),
        vendorId,
        email: normalizeEmail(request.email),
        role: request.role,
        invitedBy: caller.userId,
        expiresAt: addSeconds(now, deps.invitationTtlSeconds),
      });
      // The insert re-checks the inviter's admin row: none means it went between the check and the insert.
      if (invitation === undefined) throw vendorNotFound();
      await notifications.vendorMemberInvited({
        invitationId: invitation.id,
        vendorId,
        email: invitation.email,
        role: invitation.role,
        invitedBy: caller.userId,
        expiresAt: invitation.expiresAt.getTime(),
      });
      await audit.record({
        caller,
        at: now,
        action: 'vendor.member-invited',
        outcome: 'succeeded',
        vendorId,
        details: { invitationId: invitation.id, role: invitation.role },
      });
      return invitation;
    },

    /**
     * The caller joins the demo vendor as its admin with its join code; any other vendor, or none configured,
     * is 404 VENDOR_NOT_FOUND (nobody joins a vendor of a deployment this way).
     */
    async joinDemoVendor(caller: UserCaller, vendorId: string, code: string): Promise<VendorMembership> {
      const { demoVendor } = deps;
      if (demoVendor?.vendorId !== vendorId) throw vendorNotFound();
      if (!isSameCode(code, demoVendor.joinCode)) {
        throw new AppError(
          'forbidden',
          'JOIN_CODE_INVALID',
          'this code does not join the vendor: open the link the terminal running npm start printed',
        );
      }
      const outcome = await vendorMembers.grantAdmin(vendorId, caller.userId);
      await audit.record({
        caller,
        at: clock.now(),
        action: 'vendor.member-joined',
        outcome: 'succeeded',
        vendorId,
        details: { role: 'admin', joinedWith: 'demo-join-code', grant: outcome },
      });
      return { vendorId, role: 'admin' };
    },

    /** Admins remove anyone, members themselves; the last admin stays (409 LAST_ADMIN). */
    async removeMember(caller: UserCaller, vendorId: string, userId: string): Promise<void> {
      const scope = await access.requireOperator(caller, vendorId);
      if (scope === undefined) throw vendorNotFound();
      if (!canRemoveVendorMember(caller, scope, vendorId, userId)) throw vendorRoleInsufficient();
      const outcome = await vendorMembers.removeMember(scope, vendorId, userId);
      if (outcome !== 'removed') throw removalRefusals[outcome]();
      await audit.record({
        caller,
        at: clock.now(),
        action: 'vendor.member-removed',
        outcome: 'succeeded',
        vendorId,
        details: { userId },
      });
    },
  };
}

/** The vendor member use cases. */
export type VendorService = ReturnType<typeof createVendorService>;
