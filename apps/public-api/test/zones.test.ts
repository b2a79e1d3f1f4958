import {
  homeMemberArrivedV1,
  homeMemberLeftV1,
  type GeoJsonPolygon,
  type HomeResponse,
} from '@homeport/contracts';
import { listenForEvents, waitFor, type EventListener } from '@homeport/testing';
import type { TestEnvironment, TestInstance } from './support/environment';
import { startWithGeofencing, type WithGeofencing } from './support/geofencing';

// public-api, a geofencing process and their listeners start in beforeAll; 2 shared cores can make that slow.
jest.setTimeout(60_000);

const metersPerDegreeLatitude = 111_320;
const south = 48.8716;
const west = 2.3752;
/** A block about 230 m wide (east-west) and 170 m high, drawn as the home's zone. */
const block: GeoJsonPolygon = {
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [2.3783, south],
      [2.3783, 48.8731],
      [west, 48.8731],
      [west, south],
    ],
  ],
};

/** A fix `metersSouth` of the block's southern edge (negative: inside), midway along it. */
const fixSouthOfEdge = (metersSouth: number, accuracyMeters: number, secondsAgo: number) => ({
  latitude: south - metersSouth / metersPerDegreeLatitude,
  longitude: 2.37675,
  accuracyMeters,
  timestamp: new Date(Date.now() - secondsAgo * 1000).toISOString(),
});

describe('a home whose zone is a polygon', () => {
  let platform: WithGeofencing;
  let environment: TestEnvironment;
  let instance: TestInstance;
  let arrived: EventListener<typeof homeMemberArrivedV1>;
  let left: EventListener<typeof homeMemberLeftV1>;

  beforeAll(async () => {
    platform = await startWithGeofencing('papi_zones');
    ({ environment, instance } = platform);
    arrived = await listenForEvents(environment.amqpPrefix, homeMemberArrivedV1);
    left = await listenForEvents(environment.amqpPrefix, homeMemberLeftV1);
  });
  afterAll(async () => {
    await Promise.all([arrived, left].map((listener) => listener.close()));
    await platform.close();
  });

  it('drives presence: inside arrives, a phone jittering at its edge stays, clearly beyond it leaves', async () => {
    const owner = await instance.createUser();
    const created = await instance.api<HomeResponse>(
      'POST',
      '/v1/homes',
      { name: 'The block', timeZone: 'Europe/Paris', zone: block },
      owner.tokens.accessToken,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ zone: block, location: null, radiusMeters: null });
    const post = (fixes: ReturnType<typeof fixSouthOfEdge>[]) =>
      instance.api('POST', '/v1/account/location/fixes', { phone: 'Pixel', fixes }, owner.tokens.accessToken);

    expect((await post([fixSouthOfEdge(-40, 15, 290)])).status).toBe(202);
    await waitFor(() => arrived.events().some((event) => event.userId === owner.id), 'the arrival');

    // 20 minutes of a phone lying 20 m outside the edge: accuracy 60–80 m, ±40 m of noise.
    const jitter = Array.from({ length: 60 }, (_, index) => {
      const noise = ((index * 37) % 81) - 40;
      return fixSouthOfEdge(20 + noise, 60 + ((index * 13) % 21), 280 - index * 4);
    });
    expect((await post(jitter)).status).toBe(202);
    // Then clearly beyond the zone and its margin, twice: the exit is confirmed.
    expect((await post([fixSouthOfEdge(600, 20, 30), fixSouthOfEdge(650, 20, 10)])).status).toBe(202);
    await waitFor(() => left.events().some((event) => event.userId === owner.id), 'the exit');
    expect(arrived.events().filter((event) => event.userId === owner.id)).toHaveLength(1);
    expect(left.events().filter((event) => event.userId === owner.id)).toEqual([
      expect.objectContaining({ homeId: created.body.id, reason: 'exited' }),
    ]);
  });

  it.each([
    ['an open ring', [block.coordinates[0]?.slice(0, 4) ?? []], '/zone/coordinates/0', 'not closed'],
    [
      'a latitude out of range',
      [
        [
          [west, south],
          [2.3783, 95],
          [2.3783, 48.8731],
          [west, south],
        ],
      ],
      '/zone/coordinates/0/1',
      'latitude must be between -90 and 90',
    ],
    [
      'crossing edges',
      [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
      '/zone/coordinates/0',
      'edges 0 and 2 cross',
    ],
    ['a hole', [...block.coordinates, ...block.coordinates], '/zone/coordinates', 'holes are not supported'],
  ])('refuses a polygon with %s: 400 naming the problem', async (_name, coordinates, path, problem) => {
    const owner = await instance.createUser();
    const refused = await instance.api<{ code: string; message: string; details: unknown }>(
      'POST',
      '/v1/homes',
      { name: 'Bad', timeZone: 'UTC', zone: { type: 'Polygon', coordinates } },
      owner.tokens.accessToken,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('ZONE_POLYGON_INVALID');
    expect(refused.body.details).toEqual({
      fields: [{ location: 'body', path, message: expect.stringContaining(problem) }],
    });
  });

  it('refuses a polygon together with a radius: the zone would be ambiguous', async () => {
    const owner = await instance.createUser();
    const refused = await instance.api<{ code: string }>(
      'POST',
      '/v1/homes',
      {
        name: 'Both',
        timeZone: 'UTC',
        location: { latitude: south, longitude: west },
        radiusMeters: 80,
        zone: block,
      },
      owner.tokens.accessToken,
    );
    expect(refused).toMatchObject({ status: 400, body: { code: 'ZONE_CONFLICT' } });
  });
});
