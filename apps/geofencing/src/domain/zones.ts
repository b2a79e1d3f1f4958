import type { HomeZone } from '@homeport/contracts';
import { getDistance, getDistanceFromLine, isPointInPolygon } from 'geolib';

/** A point in WGS 84 degrees. */
export interface Point {
  readonly latitude: number;
  readonly longitude: number;
}

/** Where a fix is, given its accuracy: surely inside the zone, surely beyond its margin, or in between. */
export type FixPlace = 'inside' | 'outside' | 'uncertain';

/** Meters from the zone's edge to the point: negative inside, positive outside. */
export function metersBeyondZone(zone: HomeZone, point: Point): number {
  if (zone.kind === 'circle') return distanceMeters(zone.center, point) - zone.radiusMeters;
  const ring = (zone.coordinates[0] ?? []).map(([longitude = 0, latitude = 0]) => ({ latitude, longitude }));
  const toEdge = Math.min(
    ...ring.slice(1).map((end, index) => getDistanceFromLine(point, ring[index] ?? end, end, 0.1)),
  );
  return isPointInPolygon(point, ring) ? -toEdge : toEdge;
}

/**
 * Inside when the point minus its accuracy is within the zone (distance − accuracy < radius); outside only
 * when even its nearest possible position is beyond the zone plus `exitMarginMeters`, so a phone at the edge
 * whose fixes wander with their accuracy never counts as outside.
 */
export function placeFix(
  zone: HomeZone,
  fix: Point & { readonly accuracyMeters: number },
  exitMarginMeters: number,
): FixPlace {
  const nearest = metersBeyondZone(zone, fix) - fix.accuracyMeters;
  if (nearest < 0) return 'inside';
  return nearest > exitMarginMeters ? 'outside' : 'uncertain';
}

/** Great-circle distance in meters (geolib's haversine, to the centimeter). */
function distanceMeters(from: Point, to: Point): number {
  return getDistance(from, to, 0.01);
}
