import {
  fitView,
  fromPixel,
  gridOf,
  metersToWorld,
  offsetByMeters,
  project,
  tilesOf,
  toPixel,
  unproject,
} from './web-mercator';

describe('the Web Mercator projection of the zone map', () => {
  it('puts null island at the centre of the world square and the antimeridian at its edges', () => {
    expect(project({ latitude: 0, longitude: 0 })).toEqual({ x: 0.5, y: 0.5 });
    expect(project({ latitude: 0, longitude: -180 }).x).toBe(0);
    expect(project({ latitude: 85.0511287798, longitude: 180 }).y).toBeCloseTo(0, 6);
  });

  it('brings a point back to where it was', () => {
    const paris = { latitude: 48.8722, longitude: 2.3767 };
    const back = unproject(project(paris));
    expect(back.latitude).toBeCloseTo(paris.latitude, 9);
    expect(back.longitude).toBeCloseTo(paris.longitude, 9);
  });

  it('moves a point by metres: 111 m north is about a thousandth of a degree of latitude', () => {
    const moved = offsetByMeters({ latitude: 48.8722, longitude: 2.3767 }, 111.2, 0);
    expect(moved.latitude - 48.8722).toBeCloseTo(0.001, 4);
    expect(moved.longitude).toBeCloseTo(2.3767, 9);
    // Mercator stretches away from the equator: a metre spans more of the map at Paris than at Quito.
    expect(metersToWorld(1, 48.87)).toBeGreaterThan(metersToWorld(1, 0));
  });

  it('fits a 200 m zone in the map, with a margin, and maps pixels to points and back', () => {
    // North-west and south-east corners: y grows southwards.
    const min = project({ latitude: 48.8731, longitude: 2.3753 });
    const max = project({ latitude: 48.8713, longitude: 2.3781 });
    const view = fitView(min, max, { width: 600, height: 400 });
    const topLeft = toPixel(view, min);
    const bottomRight = toPixel(view, max);
    expect(topLeft.x).toBeGreaterThan(0);
    expect(topLeft.y).toBeGreaterThan(0);
    expect(bottomRight.x).toBeLessThan(600);
    expect(bottomRight.y).toBeLessThan(400);
    // The margin is on the limiting side: the box is 20 % of the map away from its edges there.
    expect(Math.min(topLeft.x, topLeft.y / (400 / 600))).toBeGreaterThan(50);
    const back = fromPixel(view, toPixel(view, min));
    expect(back.x).toBeCloseTo(min.x, 12);
    expect(back.y).toBeCloseTo(min.y, 12);
  });

  it('labels a grid at a round step that the coordinates it names fall within the view', () => {
    const centre = project({ latitude: 48.8722, longitude: 2.3767 });
    const view = fitView(centre, centre, { width: 600, height: 400 });
    const grid = gridOf(view);
    expect(grid.longitudes.length).toBeGreaterThanOrEqual(1);
    expect(grid.longitudes.length).toBeLessThanOrEqual(5);
    expect(grid.latitudes.length).toBeGreaterThanOrEqual(1);
    for (const longitude of grid.longitudes) {
      const { x } = toPixel(view, project({ latitude: 48.8722, longitude }));
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(600);
    }
  });

  it('asks for the tiles that cover the view, at the zoom of its scale', () => {
    const view = { center: { x: 0.5, y: 0.5 }, pixelsPerWorld: 512, width: 512, height: 512 };
    const tiles = tilesOf(view, 'https://tiles.example/{z}/{x}/{y}.png');
    expect(tiles.map((tile) => tile.href)).toEqual([
      'https://tiles.example/1/0/0.png',
      'https://tiles.example/1/1/0.png',
      'https://tiles.example/1/0/1.png',
      'https://tiles.example/1/1/1.png',
    ]);
    expect(tiles[0]).toMatchObject({ x: 0, y: 0, size: 256 });
  });
});
