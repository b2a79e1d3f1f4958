import type { AutomationRunCause, AutomationTrigger } from '@homeport/contracts';
import type { Approach } from './approach';
import type { PresenceEvent } from './presence-events';
import type { MemberPresence, PresenceStatus } from './presence-rules';

/** One home's presence, read and changed in one transaction that holds the home (its members in turn). */
export interface HomeTransaction {
  /** The member's presence in this home (unknown before their first fix). */
  member(userId: string): Promise<MemberPresence>;
  saveMember(userId: string, presence: MemberPresence): Promise<void>;
  /** Deletes the member's presence in this home (their account is deleted). */
  forgetMember(userId: string): Promise<void>;
  /** Members of this home whose status is home, the changes of this transaction included. */
  countMembersHome(): Promise<number>;
  /** Whether the home was occupied as last announced. */
  wasOccupied(): Promise<boolean>;
  saveOccupied(occupied: boolean, at: number): Promise<void>;
  /** Adds events to the outbox: published once the transaction committed, in this order. */
  addEvents(events: readonly PresenceEvent[]): Promise<void>;
  /**
   * Records a run of each enabled automation of the home with `trigger`, executed by the worker once the
   * transaction committed; a first-arrival automation that "on the way home" already ran since the home
   * became empty is left out (once per trip). With `withinMeters` (cause on-the-way-home), only the
   * first-arrival automations whose distance reaches it. Resolves with the number recorded.
   */
  queueAutomationRuns(
    trigger: AutomationTrigger,
    cause: AutomationRunCause,
    userId: string,
    at: number,
    withinMeters?: number,
  ): Promise<number>;
  /** Whether the home has an enabled "on the way home" automation (else distances are not followed). */
  followsApproach(): boolean;
  /** The member's last known distance beyond the zone (null: none, or arrived since). */
  memberApproach(userId: string): Promise<Approach | null>;
  saveMemberApproach(userId: string, approach: Approach | null): Promise<void>;
}

/** A user's presence in their own zones, read and changed in one transaction that holds the user. */
export interface UserZoneTransaction {
  /** The user's presence in each of these zones (unknown before their first fix there). */
  presences(zoneIds: readonly string[]): Promise<ReadonlyMap<string, MemberPresence>>;
  savePresence(zoneId: string, presence: MemberPresence): Promise<void>;
  /** Forgets the user's presence in zones other than these (deleted in public-api). */
  forgetOtherZones(zoneIds: readonly string[]): Promise<void>;
  /** Adds events to the outbox: published once the transaction committed, in this order. */
  addEvents(events: readonly PresenceEvent[]): Promise<void>;
}

/** Port: users' presence in their own zones (PostgreSQL schema `geofencing`). */
export interface UserZoneStore {
  /** Runs `work` in a transaction holding the user (their batches in turn); commits when it resolves. */
  inUser<T>(userId: string, work: (tx: UserZoneTransaction) => Promise<T>): Promise<T>;
}

/** A member whose presence may have gone stale. */
export interface StaleMember {
  readonly homeId: string;
  readonly userId: string;
}

/** Port: durable presence state (PostgreSQL schema `geofencing`). */
export interface PresenceStore {
  /** Runs `work` in a transaction holding the home; commits when it resolves. */
  inHome<T>(homeId: string, work: (tx: HomeTransaction) => Promise<T>): Promise<T>;
  /** Members home or away whose last fix is older than `before` (epoch ms), up to `limit`. */
  findStale(before: number, limit: number): Promise<StaleMember[]>;
  /** Whether the home is occupied, and the status of each member geofencing has seen there. */
  homePresence(homeId: string): Promise<HomePresence>;
}

/** A home's occupancy and its members' statuses: no position, no time. */
export interface HomePresence {
  readonly occupied: boolean;
  readonly members: readonly { readonly userId: string; readonly status: PresenceStatus }[];
}
