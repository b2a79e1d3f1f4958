import type { HomeRole, VendorRole } from '@homeport/contracts';
import type { HomeScope } from './homes';

/** What every invitation holds: an address, who invited it, until when. */
interface InvitationBase {
  readonly id: string;
  readonly email: string;
  readonly invitedBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** An invitation to join a home with a role. */
export interface HomeInvitation extends InvitationBase {
  readonly kind: 'home';
  readonly homeId: string;
  readonly homeName: string;
  readonly role: HomeRole;
}

/** An invitation to work for a vendor with a role. */
export interface VendorInvitation extends InvitationBase {
  readonly kind: 'vendor';
  readonly vendorId: string;
  readonly role: VendorRole;
}

/** An invitation to a home or a vendor, for whoever verifies the email it names. */
export type Invitation = HomeInvitation | VendorInvitation;

/** What accepting an invitation did: the invitation accepted (its user joined), or why not. */
export type AcceptanceOutcome =
  | { readonly kind: 'accepted'; readonly invitation: Invitation }
  | { readonly kind: 'expired' }
  | { readonly kind: 'not_found' };

/** Invitations to homes and vendors; each insert is confined to what the inviter manages. */
export interface InvitationRepository {
  /** Undefined when the home is not among the scope's. */
  insertHomeInvitation(
    scope: HomeScope,
    invitation: Omit<HomeInvitation, 'kind' | 'homeName' | 'createdAt'>,
  ): Promise<HomeInvitation | undefined>;
  /** Undefined unless the inviter is an admin of the vendor (checked in the same statement). */
  insertVendorInvitation(
    invitation: Omit<VendorInvitation, 'kind' | 'createdAt'>,
  ): Promise<VendorInvitation | undefined>;
  /** The unaccepted, unexpired invitations addressed to `email`, of both kinds. */
  listInvitations(email: string, now: Date): Promise<Invitation[]>;
  /**
   * Accepts an invitation addressed to `email` (once): its user joins the home or the vendor with the
   * invited role (someone already there keeps their role unless the invitation gives the higher one).
   */
  acceptInvitation(acceptance: {
    invitationId: string;
    email: string;
    userId: string;
    now: Date;
  }): Promise<AcceptanceOutcome>;
}
