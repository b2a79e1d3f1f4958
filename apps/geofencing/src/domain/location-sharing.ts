import type { LocationFix, LocationSharingRequest } from '@homeport/contracts';

/** A member's location sharing as stored. */
export interface LocationSharing extends LocationSharingRequest {
  readonly updatedAt: number | null;
}

/** What a member who never chose gets: sharing on, positions dropped once evaluated. */
export const defaultSharing: LocationSharing = { paused: false, keepPositionsDays: null, updatedAt: null };

/** Port: members' sharing choices and the raw positions of those who opted in (PostgreSQL). */
export interface SharingStore {
  find(userId: string): Promise<LocationSharing>;
  save(userId: string, sharing: LocationSharingRequest, at: number): Promise<void>;
  /** The homes where the member has a presence (pausing makes them unknown there). */
  homesOf(userId: string): Promise<string[]>;
  keepPositions(userId: string, fixes: readonly LocationFix[]): Promise<void>;
  /** Deletes the member's kept positions (opting out). */
  forgetPositions(userId: string): Promise<void>;
  /**
   * Forgets everything kept of a deleted person besides their homes' presence: the sharing choice, kept
   * positions, presence in their own zones; the automation runs they caused keep the run, not who.
   */
  forgetUser(userId: string): Promise<void>;
  /** Deletes every kept position past its member's retention (and of members who opted out); the count. */
  sweepPositions(now: number, limit: number): Promise<number>;
}
