import { findPolygonProblems, type GeoJsonPolygon, type HomeZone } from '@homeport/contracts';
import { AppError } from '@homeport/errors';

/**
 * Refuses a polygon unusable as a zone with 400 ZONE_POLYGON_INVALID, each problem at its JSON pointer
 * (`/zone/coordinates/0/3: latitude must be between -90 and 90`).
 */
export function checkZonePolygon(polygon: GeoJsonPolygon, path: string): void {
  const fields = findPolygonProblems(polygon.coordinates).map((problem) => ({
    location: 'body',
    path: `${path}/coordinates${problem.path}`,
    message: problem.message,
  }));
  if (fields.length === 0) return;
  const message = fields.map((field) => `${field.path}: ${field.message}`).join('; ');
  throw new AppError('invalid', 'ZONE_POLYGON_INVALID', message, { details: { fields } });
}

/** A checked GeoJSON polygon as geofencing evaluates it ([lon, lat] ring). */
export function toPolygonZone(polygon: GeoJsonPolygon): HomeZone {
  return {
    kind: 'polygon',
    coordinates: polygon.coordinates.map((ring) => ring.map((position) => [...position])),
  };
}
