import { findPolygonProblems, maxZoneVertices } from './zone-polygon';

const square = [
  [2.376, 48.872],
  [2.378, 48.872],
  [2.378, 48.873],
  [2.376, 48.873],
  [2.376, 48.872],
];

describe('a zone polygon', () => {
  it('is usable when it is one closed ring of valid positions that do not cross', () => {
    expect(findPolygonProblems([square])).toEqual([]);
  });

  it('is refused with holes, naming them', () => {
    expect(findPolygonProblems([square, square])).toEqual([
      { path: '', message: expect.stringContaining('holes are not supported') as unknown },
    ]);
  });

  it('is refused when its ring is not closed', () => {
    expect(findPolygonProblems([square.slice(0, 4)])).toEqual([
      { path: '/0', message: expect.stringContaining('not closed') as unknown },
    ]);
  });

  it('is refused naming each position out of range', () => {
    const wrong = square.map((position, index) =>
      index === 1 ? [200, 48.872] : index === 2 ? [2.378, 91] : position,
    );
    expect(findPolygonProblems([wrong])).toEqual([
      { path: '/0/1', message: 'longitude must be between -180 and 180' },
      { path: '/0/2', message: 'latitude must be between -90 and 90' },
    ]);
  });

  it('is refused when its vertices enclose no area', () => {
    const line = [
      [2.376, 48.872],
      [2.377, 48.872],
      [2.378, 48.872],
      [2.376, 48.872],
    ];
    expect(findPolygonProblems([line])[0]?.message).toContain('enclosing an area');
  });

  it('is refused when its edges cross (a bow tie)', () => {
    const bowTie = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    expect(findPolygonProblems([bowTie])).toEqual([
      { path: '/0', message: 'edges 0 and 2 cross (the outline must not)' },
    ]);
  });

  it('is refused beyond the vertex limit', () => {
    const circle = Array.from({ length: maxZoneVertices + 1 }, (_, index) => {
      const angle = (2 * Math.PI * index) / (maxZoneVertices + 1);
      return [2.377 + 0.001 * Math.cos(angle), 48.872 + 0.001 * Math.sin(angle)];
    });
    const ring = [...circle, circle[0] ?? []];
    expect(findPolygonProblems([ring])[0]?.message).toBe(
      `has ${maxZoneVertices + 1} vertices, more than ${maxZoneVertices}`,
    );
  });
});
