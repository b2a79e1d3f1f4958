import {
  distanceMeters,
  draftOfHome,
  insertVertex,
  moveVertex,
  removeVertex,
  switchShape,
  toUpdateRequest,
} from './zone-draft';

const square = [
  { latitude: 48.8716, longitude: 2.3752 },
  { latitude: 48.8716, longitude: 2.3783 },
  { latitude: 48.8731, longitude: 2.3783 },
  { latitude: 48.8731, longitude: 2.3752 },
];
const ring = [...square, square[0]].map((point) => [point?.longitude ?? 0, point?.latitude ?? 0]);

describe("editing a home's zone", () => {
  it("starts from the home's polygon (its ring open), else the circle of its location and radius", () => {
    expect(
      draftOfHome({ location: null, radiusMeters: null, zone: { type: 'Polygon', coordinates: [ring] } }),
    ).toEqual({ kind: 'polygon', vertices: square });
    const location = { latitude: 48.8722, longitude: 2.3767 };
    expect(draftOfHome({ location, radiusMeters: null, zone: null })).toEqual({
      kind: 'circle',
      center: location,
      radiusMeters: 100,
    });
  });

  it('saves a circle as a location and radius without a polygon, a polygon as a closed ring without a radius', () => {
    const center = { latitude: 48.8722, longitude: 2.3767 };
    expect(toUpdateRequest({ kind: 'circle', center, radiusMeters: 150.4 })).toEqual({
      location: center,
      radiusMeters: 150,
      zone: null,
    });
    expect(toUpdateRequest({ kind: 'polygon', vertices: square })).toEqual({
      radiusMeters: null,
      zone: { type: 'Polygon', coordinates: [ring] },
    });
  });

  it('a click beside an edge adds the vertex on that edge, between its two ends', () => {
    const southEdge = { latitude: 48.871, longitude: 2.3767 };
    const { vertices, index } = insertVertex(square, southEdge);
    expect(index).toBe(1);
    expect(vertices).toEqual([square[0], southEdge, ...square.slice(1)]);
    const westEdge = { latitude: 48.8723, longitude: 2.375 };
    expect(insertVertex(square, westEdge).index).toBe(4);
  });

  it('moves a vertex (to 6 decimals) and keeps at least a triangle when removing', () => {
    const moved = moveVertex(square, 2, { latitude: 48.87401234567, longitude: 2.3790000001 });
    expect(moved[2]).toEqual({ latitude: 48.874012, longitude: 2.379 });
    expect(moved[0]).toBe(square[0]);
    const triangle = removeVertex(square, 1);
    expect(triangle).toHaveLength(3);
    expect(removeVertex(triangle, 0)).toEqual(triangle);
  });

  it('switching shape keeps the place: a circle becomes the square around it, and back a circle over it', () => {
    const circle = {
      kind: 'circle' as const,
      center: { latitude: 48.8722, longitude: 2.3767 },
      radiusMeters: 100,
    };
    const polygon = switchShape(circle);
    if (polygon.kind !== 'polygon') throw new Error('expected a polygon');
    expect(polygon.vertices).toHaveLength(4);
    for (const vertex of polygon.vertices) {
      expect(distanceMeters(circle.center, vertex)).toBeCloseTo(141.4, 0);
    }
    const back = switchShape(polygon);
    expect(back).toMatchObject({ kind: 'circle', radiusMeters: 141 });
  });
});
