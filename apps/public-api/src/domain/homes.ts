import type { GeoJsonPolygon, GeoPoint, HomeRole } from '@homeport/contracts';

/** A home: where devices and members belong. */
export interface Home {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly location: GeoPoint | null;
  readonly radiusMeters: number | null;
  /** Its zone for geofencing when drawn; null: the circle of its location and radius. */
  readonly zone: GeoJsonPolygon | null;
  readonly createdAt: Date;
}

/** The fields that make a home's zone: a circle (location, radius) or a polygon. */
export type HomeZoneFields = Pick<Home, 'location' | 'radiusMeters' | 'zone'>;

/** A home with the caller's role in it. */
export interface HomeOfMember extends Home {
  readonly role: HomeRole;
}

/** A member of a home. */
export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly role: HomeRole;
  readonly joinedAt: Date;
}

/**
 * What a caller may reach: the homes they belong to, with their role in each. Every home query takes it,
 * so a forgotten check finds nothing rather than another person's home.
 */
export interface HomeScope {
  readonly userId: string;
  readonly roles: ReadonlyMap<string, HomeRole>;
}

/**
 * What removing a member did. `scope_changed`: the caller's own membership changed since the scope was
 * read (removed, or no longer owner, by a request that committed first), so nothing was done.
 */
export type RemovalOutcome = 'removed' | 'not_member' | 'last_owner' | 'scope_changed';

/** Homes and members, each query confined to a scope (invitations: InvitationRepository). */
export interface HomeRepository {
  /** The caller's memberships. */
  loadScope(userId: string): Promise<HomeScope>;
  /** Creates the home with its creator as owner. */
  insertHome(home: Omit<Home, 'createdAt'>, ownerId: string): Promise<HomeOfMember>;
  listHomes(scope: HomeScope): Promise<HomeOfMember[]>;
  findHome(scope: HomeScope, homeId: string): Promise<HomeOfMember | undefined>;
  /** Replaces the home's zone (location, radius, polygon); undefined when it is not in the scope. */
  updateZone(scope: HomeScope, homeId: string, zone: HomeZoneFields): Promise<HomeOfMember | undefined>;
  listMembers(scope: HomeScope, homeId: string): Promise<Member[]>;
  /** Removes a member unless they are the last owner (decided under a lock on the home's members). */
  removeMember(scope: HomeScope, homeId: string, userId: string): Promise<RemovalOutcome>;
}
