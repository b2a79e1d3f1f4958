import type { ApiAnswer } from '../api/console-api';
import { metersToWorld, offsetByMeters, project, type LatLon, type WorldPoint } from './web-mercator';

/** A home as public-api answers it, with its zone. */
export type HomeView = ApiAnswer<'/v1/homes/{homeId}', 'get'>;

/** The zone being edited: a circle (centre, radius in metres) or a polygon (its vertices, ring left open). */
export type ZoneDraft =
  | { readonly kind: 'circle'; readonly center: LatLon; readonly radiusMeters: number }
  | { readonly kind: 'polygon'; readonly vertices: readonly LatLon[] };

/** A home without a radius of its own has a 100 m zone (public-api's default). */
export const defaultRadiusMeters = 100;
/** Where a home without a location starts on the map: to be moved by the owner. */
const somewhere: LatLon = { latitude: 48.8566, longitude: 2.3522 };

/** The draft of a home's current zone: its polygon, else the circle of its location and radius. */
export function draftOfHome(home: Pick<HomeView, 'location' | 'radiusMeters' | 'zone'>): ZoneDraft {
  const ring = home.zone?.coordinates[0];
  if (ring !== undefined) {
    const vertices = ring.map(([longitude = 0, latitude = 0]) => ({ latitude, longitude }));
    return { kind: 'polygon', vertices: vertices.slice(0, -1) };
  }
  return {
    kind: 'circle',
    center: home.location ?? somewhere,
    radiusMeters: home.radiusMeters ?? defaultRadiusMeters,
  };
}

/** The same place as the other shape: a circle becomes the square around it, a polygon its enclosing circle. */
export function switchShape(draft: ZoneDraft): ZoneDraft {
  if (draft.kind === 'circle') {
    const { center, radiusMeters: r } = draft;
    const corners: [number, number][] = [
      [-r, -r],
      [-r, r],
      [r, r],
      [r, -r],
    ];
    return {
      kind: 'polygon',
      vertices: corners.map(([north, east]) => roundPoint(offsetByMeters(center, north, east))),
    };
  }
  const center = centroidOf(draft.vertices);
  const radius = Math.max(...draft.vertices.map((vertex) => distanceMeters(center, vertex)));
  return { kind: 'circle', center: roundPoint(center), radiusMeters: Math.max(10, Math.round(radius)) };
}

/** The body of PATCH /v1/homes/{homeId} that stores the draft. */
export function toUpdateRequest(draft: ZoneDraft) {
  if (draft.kind === 'circle') {
    return { location: draft.center, radiusMeters: Math.round(draft.radiusMeters), zone: null };
  }
  const ring = draft.vertices.map((vertex) => [vertex.longitude, vertex.latitude]);
  const first = ring[0];
  return {
    radiusMeters: null,
    zone: { type: 'Polygon' as const, coordinates: [first === undefined ? ring : [...ring, first]] },
  };
}

/** A number typed in a field, or `fallback` while the field is empty or not a number yet. */
export function parseNumber(text: string, fallback: number): number {
  const value = Number(text);
  return text.trim() === '' || !Number.isFinite(value) ? fallback : value;
}

/** Coordinates to 6 decimals (about 0.1 m): what the inputs show and the API stores. */
export function roundPoint({ latitude, longitude }: LatLon): LatLon {
  return { latitude: Number(latitude.toFixed(6)), longitude: Number(longitude.toFixed(6)) };
}

function centroidOf(points: readonly LatLon[]): LatLon {
  const count = Math.max(points.length, 1);
  return {
    latitude: points.reduce((sum, point) => sum + point.latitude, 0) / count,
    longitude: points.reduce((sum, point) => sum + point.longitude, 0) / count,
  };
}

/** Distance between two nearby points in metres (equirectangular: exact enough across a home's zone). */
export function distanceMeters(a: LatLon, b: LatLon): number {
  const unit = metersToWorld(1, (a.latitude + b.latitude) / 2);
  const pa = project(a);
  const pb = project(b);
  return Math.hypot(pa.x - pb.x, pa.y - pb.y) / unit;
}

/** The vertex moved to `to`. */
export function moveVertex(vertices: readonly LatLon[], index: number, to: LatLon): LatLon[] {
  return vertices.map((vertex, at) => (at === index ? roundPoint(to) : vertex));
}

/** A polygon keeps at least a triangle: removing below 3 vertices changes nothing. */
export function removeVertex(vertices: readonly LatLon[], index: number): LatLon[] {
  return vertices.length <= 3 ? [...vertices] : vertices.filter((_, at) => at !== index);
}

const distanceToSegment = (p: WorldPoint, a: WorldPoint, b: WorldPoint) => {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
};

/**
 * The polygon with `point` added on its nearest edge (between the two vertices it falls beside), so a click
 * beside an edge bends that edge rather than crossing the shape. Answers the vertices and the new one's index.
 */
export function insertVertex(
  vertices: readonly LatLon[],
  point: LatLon,
): { vertices: LatLon[]; index: number } {
  const at = project(point);
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  vertices.forEach((vertex, index) => {
    const next = vertices[(index + 1) % vertices.length] ?? vertex;
    const distance = distanceToSegment(at, project(vertex), project(next));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  const index = vertices.length === 0 ? 0 : best + 1;
  return { vertices: [...vertices.slice(0, index), roundPoint(point), ...vertices.slice(index)], index };
}

/** The world box of the draft (a circle's includes its radius), for fitting the map to it. */
export function boundsOf(draft: ZoneDraft): { min: WorldPoint; max: WorldPoint } {
  if (draft.kind === 'circle') {
    const center = project(draft.center);
    const r = metersToWorld(draft.radiusMeters, draft.center.latitude);
    return { min: { x: center.x - r, y: center.y - r }, max: { x: center.x + r, y: center.y + r } };
  }
  const points = draft.vertices.map(project);
  return {
    min: { x: Math.min(...points.map((p) => p.x)), y: Math.min(...points.map((p) => p.y)) },
    max: { x: Math.max(...points.map((p) => p.x)), y: Math.max(...points.map((p) => p.y)) },
  };
}
