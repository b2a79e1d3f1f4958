/** Vertices a zone's polygon may have (its closing point not counted): a drawn outline, not a cadastre. */
export const maxZoneVertices = 200;

/** A GeoJSON Polygon's coordinates: rings of [longitude, latitude] positions (RFC 7946 §3.1.6). */
export type PolygonCoordinates = readonly (readonly (readonly number[])[])[];

/** A problem found in a polygon, at a JSON pointer below the polygon's `coordinates`. */
export interface PolygonProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * What makes `coordinates` unusable as a zone: not one ring (holes are not supported), a ring not closed,
 * fewer than 3 or more than `maxZoneVertices` distinct vertices, a position that is not [longitude, latitude]
 * within range, or edges that cross (the inside would be ambiguous). Empty when it is a usable zone.
 */
export function findPolygonProblems(coordinates: PolygonCoordinates): PolygonProblem[] {
  if (coordinates.length !== 1) {
    const message = 'must hold exactly one ring (the outline; holes are not supported)';
    return [{ path: '', message }];
  }
  const ring = coordinates[0] ?? [];
  const positionProblems = ring.flatMap((position, index) => {
    const message = findPositionProblem(position);
    return message === undefined ? [] : [{ path: `/0/${index}`, message }];
  });
  if (positionProblems.length > 0) return positionProblems;
  return findRingProblems(ring);
}

function findPositionProblem(position: readonly number[]): string | undefined {
  const [longitude, latitude] = position;
  if (position.length < 2 || position.length > 3) return 'must be [longitude, latitude]';
  if (longitude === undefined || !Number.isFinite(longitude) || Math.abs(longitude) > 180)
    return 'longitude must be between -180 and 180';
  if (latitude === undefined || !Number.isFinite(latitude) || Math.abs(latitude) > 90)
    return 'latitude must be between -90 and 90';
  return undefined;
}

function findRingProblems(ring: readonly (readonly number[])[]): PolygonProblem[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first === undefined || last === undefined || first[0] !== last[0] || first[1] !== last[1])
    return [{ path: '/0', message: 'the ring is not closed: its last position must repeat its first' }];
  const vertices = ring.slice(0, -1);
  if (vertices.length > maxZoneVertices)
    return [{ path: '/0', message: `has ${vertices.length} vertices, more than ${maxZoneVertices}` }];
  const crossing = findCrossingEdges(vertices);
  if (crossing !== undefined)
    return [{ path: '/0', message: `edges ${crossing[0]} and ${crossing[1]} cross (the outline must not)` }];
  if (new Set(vertices.map(([lon, lat]) => `${lon},${lat}`)).size < 3 || signedArea(vertices) === 0)
    return [{ path: '/0', message: 'needs at least 3 distinct vertices enclosing an area' }];
  return [];
}

/** Shoelace formula in degrees: only its sign and zero matter here. */
function signedArea(vertices: readonly (readonly number[])[]): number {
  return vertices.reduce((sum, [x1 = 0, y1 = 0], index) => {
    const [x2 = 0, y2 = 0] = vertices[(index + 1) % vertices.length] ?? [];
    return sum + x1 * y2 - x2 * y1;
  }, 0);
}

/** The first two non-adjacent edges that intersect (edge i runs from vertex i to i + 1), if any. */
function findCrossingEdges(vertices: readonly (readonly number[])[]): [number, number] | undefined {
  const count = vertices.length;
  const edge = (index: number) => [vertices[index] ?? [], vertices[(index + 1) % count] ?? []] as const;
  for (let i = 0; i < count; i += 1) {
    for (let j = i + 2; j < count; j += 1) {
      if (i === 0 && j === count - 1) continue; // the closing edge touches the first one
      if (segmentsIntersect(edge(i), edge(j))) return [i, j];
    }
  }
  return undefined;
}

type Segment = readonly [readonly number[], readonly number[]];

function segmentsIntersect([a, b]: Segment, [c, d]: Segment): boolean {
  const side = (p: readonly number[], q: readonly number[], r: readonly number[]) =>
    Math.sign(
      ((q[0] ?? 0) - (p[0] ?? 0)) * ((r[1] ?? 0) - (p[1] ?? 0)) -
        ((q[1] ?? 0) - (p[1] ?? 0)) * ((r[0] ?? 0) - (p[0] ?? 0)),
    );
  const d1 = side(c, d, a);
  const d2 = side(c, d, b);
  const d3 = side(a, b, c);
  const d4 = side(a, b, d);
  if (d1 !== d2 && d3 !== d4 && d1 !== 0 && d2 !== 0 && d3 !== 0 && d4 !== 0) return true;
  // Collinear touching counts too: a vertex lying on another edge makes the outline ambiguous.
  const onSegment = (p: readonly number[], q: readonly number[], r: readonly number[]) =>
    Math.min(p[0] ?? 0, q[0] ?? 0) <= (r[0] ?? 0) &&
    (r[0] ?? 0) <= Math.max(p[0] ?? 0, q[0] ?? 0) &&
    Math.min(p[1] ?? 0, q[1] ?? 0) <= (r[1] ?? 0) &&
    (r[1] ?? 0) <= Math.max(p[1] ?? 0, q[1] ?? 0);
  return (
    (d1 === 0 && onSegment(c, d, a)) ||
    (d2 === 0 && onSegment(c, d, b)) ||
    (d3 === 0 && onSegment(a, b, c)) ||
    (d4 === 0 && onSegment(a, b, d))
  );
}
