/** A point on Earth in degrees (WGS 84), as the API's `location` names it. */
export interface LatLon {
  readonly latitude: number;
  readonly longitude: number;
}

/** A point of the Web Mercator world square, both coordinates from 0 to 1 (x east, y south). */
export interface WorldPoint {
  readonly x: number;
  readonly y: number;
}

/** Web Mercator stops short of the poles (EPSG:3857's square). */
const maxLatitude = 85.051_128_78;
/** The equator's length in metres (EPSG:3857's sphere). */
const equatorMeters = 40_075_016.686;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/** The point's place in the world square (the projection of map tiles: z/x/y tiles divide this square). */
export function project({ latitude, longitude }: LatLon): WorldPoint {
  const phi = toRadians(clamp(latitude, -maxLatitude, maxLatitude));
  return {
    x: (longitude + 180) / 360,
    y: (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2,
  };
}

/** The point of the world square back in degrees. */
export function unproject({ x, y }: WorldPoint): LatLon {
  const n = Math.PI * (1 - 2 * y);
  return {
    latitude: (Math.atan(Math.sinh(n)) * 180) / Math.PI,
    longitude: x * 360 - 180,
  };
}

/** How many world units `meters` spans at `latitude` (Mercator stretches with 1 / cos(latitude)). */
export function metersToWorld(meters: number, latitude: number): number {
  return meters / (equatorMeters * Math.cos(toRadians(clamp(latitude, -maxLatitude, maxLatitude))));
}

/** The point `northMeters` north and `eastMeters` east of `from` (a small offset on the sphere). */
export function offsetByMeters(from: LatLon, northMeters: number, eastMeters: number): LatLon {
  const world = project(from);
  const unit = metersToWorld(1, from.latitude);
  return unproject({ x: world.x + eastMeters * unit, y: world.y - northMeters * unit });
}

/** What the map shows: the world point at its centre and how many pixels one world unit spans. */
export interface MapView {
  readonly center: WorldPoint;
  readonly pixelsPerWorld: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The view of a `width` × `height` map that shows the world box (`min`, `max`) with `paddingRatio` of margin
 * on each side, never closer than a street (so a point or a tiny zone still shows its surroundings).
 */
export function fitView(
  min: WorldPoint,
  max: WorldPoint,
  size: { readonly width: number; readonly height: number },
  paddingRatio = 0.2,
): MapView {
  const spanX = Math.max(max.x - min.x, 1e-7);
  const spanY = Math.max(max.y - min.y, 1e-7);
  const fit = Math.min(size.width / spanX, size.height / spanY) / (1 + 2 * paddingRatio);
  // About 0.3 m per pixel at the equator: zoom level 19 of the tiles.
  const closest = 256 * 2 ** 19;
  return {
    center: { x: (min.x + max.x) / 2, y: (min.y + max.y) / 2 },
    pixelsPerWorld: Math.min(fit, closest),
    ...size,
  };
}

/** Where a world point falls on the map, in pixels from its top-left corner. */
export function toPixel(view: MapView, point: WorldPoint): { x: number; y: number } {
  return {
    x: view.width / 2 + (point.x - view.center.x) * view.pixelsPerWorld,
    y: view.height / 2 + (point.y - view.center.y) * view.pixelsPerWorld,
  };
}

/** The world point under a pixel of the map. */
export function fromPixel(view: MapView, pixel: { x: number; y: number }): WorldPoint {
  return {
    x: view.center.x + (pixel.x - view.width / 2) / view.pixelsPerWorld,
    y: view.center.y + (pixel.y - view.height / 2) / view.pixelsPerWorld,
  };
}

/** Grid steps in degrees: 1, 2 and 5 times powers of ten. */
const gridSteps = [
  1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5,
];

/**
 * The graticule of a view: meridians and parallels at a round step of degrees, about `lines` across the
 * width, with the decimals their labels need. The map without tiles is this grid with coordinates.
 */
export function gridOf(view: MapView, lines = 4) {
  const topLeft = unproject(fromPixel(view, { x: 0, y: 0 }));
  const bottomRight = unproject(fromPixel(view, { x: view.width, y: view.height }));
  const spanLon = bottomRight.longitude - topLeft.longitude;
  const step = gridSteps.find((candidate) => spanLon / candidate <= lines) ?? 10;
  const decimals = Math.max(0, Math.ceil(-Math.log10(step)));
  const between = (low: number, high: number) => {
    const values: number[] = [];
    for (let value = Math.ceil(low / step) * step; value <= high; value += step) {
      values.push(Number(value.toFixed(decimals)));
    }
    return values;
  };
  return {
    longitudes: between(topLeft.longitude, bottomRight.longitude),
    latitudes: between(bottomRight.latitude, topLeft.latitude),
    decimals,
  };
}

/** Most zoom levels map tile servers have (OpenStreetMap's is 19). */
const maxTileZoom = 19;

/**
 * The z/x/y tiles (256 px squares of the world at zoom z) that cover the view, each with where it goes and
 * its size in the view's pixels, and its address from `template` (`{z}`, `{x}`, `{y}` replaced).
 */
export function tilesOf(view: MapView, template: string) {
  const zoom = clamp(Math.round(Math.log2(view.pixelsPerWorld / 256)), 0, maxTileZoom);
  const count = 2 ** zoom;
  const size = view.pixelsPerWorld / count;
  const topLeft = fromPixel(view, { x: 0, y: 0 });
  const bottomRight = fromPixel(view, { x: view.width, y: view.height });
  const range = (low: number, high: number) => {
    const values: number[] = [];
    for (
      let n = Math.max(0, Math.floor(low * count));
      n <= Math.min(count - 1, Math.floor(high * count));
      n++
    )
      values.push(n);
    return values;
  };
  return range(topLeft.y, bottomRight.y).flatMap((y) =>
    range(topLeft.x, bottomRight.x).map((x) => ({
      key: `${zoom}/${x}/${y}`,
      href: template.replace('{z}', String(zoom)).replace('{x}', String(x)).replace('{y}', String(y)),
      ...toPixel(view, { x: x / count, y: y / count }),
      size,
    })),
  );
}
