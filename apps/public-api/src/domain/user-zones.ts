import type { GeoJsonPolygon, GeoPoint } from '@homeport/contracts';

/** A zone of a user's own (work, school): a circle or a polygon; only its user ever reads it. */
export interface UserZone {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly circle: { readonly center: GeoPoint; readonly radiusMeters: number } | null;
  readonly polygon: GeoJsonPolygon | null;
  /** The user is told when they enter or leave it. */
  readonly notify: boolean;
  readonly createdAt: Date;
}

/** Port: users' zones; every query is confined to one user's own. */
export interface UserZoneRepository {
  listOfUser(userId: string): Promise<UserZone[]>;
  /** Inserts unless the user already has `maxZones`; 'name-taken' when one of theirs has this name. */
  insert(zone: UserZone, maxZones: number): Promise<'inserted' | 'limit-reached' | 'name-taken'>;
  /** Replaces name, shape and notify of the user's zone. */
  replace(zone: Omit<UserZone, 'createdAt'>): Promise<UserZone | 'not-found' | 'name-taken'>;
  /** False when the user has no such zone. */
  remove(userId: string, zoneId: string): Promise<boolean>;
}
