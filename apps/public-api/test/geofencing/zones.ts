import {
  homeMemberArrivedV1,
  homeMemberLeftV1,
  maxUserZones,
  userZoneEnteredV1,
  userZoneLeftV1,
  type GeoJsonPolygon,
  type HomeResponse,
  type UserZoneList,
  type UserZoneResponse,
} from '@homeport/contracts';
import { listenForEvents, waitFor, type EventListener } from '@homeport/testing';
import type { SharedTestEnvironment, TestEnvironment, TestInstance } from '../support/environment';
import { startWithGeofencing, type WithGeofencing } from '../support/geofencing';

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

/**
 * A phone's trip: one fix inside (awaited, as `hasArrived` tells), then 4 minutes lying 20 m outside the
 * edge (accuracy 60–80 m, ±40 m of noise: never clearly outside), then twice clearly beyond the margin.
 */
async function travelAcrossTheEdge(
  post: (fixes: ReturnType<typeof fixSouthOfEdge>[]) => Promise<{ status: number }>,
  hasArrived: () => boolean,
): Promise<void> {
  expect((await post([fixSouthOfEdge(-40, 15, 290)])).status).toBe(202);
  await waitFor(hasArrived, 'the arrival');
  const jitter = Array.from({ length: 60 }, (_, index) => {
    const noise = ((index * 37) % 81) - 40;
    return fixSouthOfEdge(20 + noise, 60 + ((index * 13) % 21), 280 - index * 4);
  });
  expect((await post(jitter)).status).toBe(202);
  expect((await post([fixSouthOfEdge(600, 20, 30), fixSouthOfEdge(650, 20, 10)])).status).toBe(202);
}

export function describeZones(shared: SharedTestEnvironment): void {
  describe("zones: a home's polygon, users' own zones", () => {
    let platform: WithGeofencing;
    let environment: TestEnvironment;
    let instance: TestInstance;
    let arrived: EventListener<typeof homeMemberArrivedV1>;
    let left: EventListener<typeof homeMemberLeftV1>;
    let entered: EventListener<typeof userZoneEnteredV1>;
    let exited: EventListener<typeof userZoneLeftV1>;

    beforeAll(async () => {
      platform = await startWithGeofencing(shared.begin(), 'papi_zones');
      ({ environment, instance } = platform);
      arrived = await listenForEvents(environment.amqpPrefix, homeMemberArrivedV1);
      left = await listenForEvents(environment.amqpPrefix, homeMemberLeftV1);
      entered = await listenForEvents(environment.amqpPrefix, userZoneEnteredV1);
      exited = await listenForEvents(environment.amqpPrefix, userZoneLeftV1);
    });
    afterAll(async () => {
      await Promise.all([arrived, left, entered, exited].map((listener) => listener.close()));
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
        instance.api(
          'POST',
          '/v1/account/location/fixes',
          { phone: 'Pixel', fixes },
          owner.tokens.accessToken,
        );

      await travelAcrossTheEdge(post, () => arrived.events().some((event) => event.userId === owner.id));
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
      [
        'a hole',
        [...block.coordinates, ...block.coordinates],
        '/zone/coordinates',
        'holes are not supported',
      ],
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
        fields: [{ location: 'body', path, message: expect.stringContaining(problem) as unknown }],
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

    it("a user's own zone: entering and leaving are one event each, for them alone, despite jitter at its edge", async () => {
      const user = await instance.createUser();
      const token = user.tokens.accessToken;
      const school = { name: 'School', polygon: block, notify: true };
      const created = await instance.api<UserZoneResponse>('POST', '/v1/account/zones', school, token);
      expect(created).toMatchObject({
        status: 201,
        body: { name: 'School', polygon: block, circle: null, notify: true },
      });
      const post = (fixes: ReturnType<typeof fixSouthOfEdge>[]) =>
        instance.api('POST', '/v1/account/location/fixes', { phone: 'Pixel', fixes }, token);

      await travelAcrossTheEdge(post, () => entered.events().some((event) => event.userId === user.id));
      await waitFor(() => exited.events().some((event) => event.userId === user.id), 'the zone left');
      const ofUser = <E extends { userId: string }>(events: E[]) =>
        events.filter((event) => event.userId === user.id);
      const expected = { zoneId: created.body.id, zoneName: 'School', notify: true };
      expect(ofUser(entered.events())).toEqual([expect.objectContaining(expected)]);
      expect(ofUser(exited.events())).toEqual([expect.objectContaining(expected)]);
      // Nobody's home presence moved: the user has no home.
      expect(ofUser(arrived.events())).toEqual([]);
    });

    it("a user's zones are theirs alone: another user neither lists, replaces nor deletes them", async () => {
      const [ada, bob] = [await instance.createUser(), await instance.createUser()];
      const work = {
        name: 'Work',
        circle: { center: { latitude: 48.8867, longitude: 2.3431 }, radiusMeters: 150 },
        notify: false,
      };
      const created = await instance.api<UserZoneResponse>(
        'POST',
        '/v1/account/zones',
        work,
        ada.tokens.accessToken,
      );
      const path = `/v1/account/zones/${created.body.id}`;
      const listed = await instance.api<UserZoneList>(
        'GET',
        '/v1/account/zones',
        undefined,
        bob.tokens.accessToken,
      );
      expect(listed.body.items).toEqual([]);
      expect((await instance.api('PUT', path, work, bob.tokens.accessToken)).status).toBe(404);
      expect((await instance.api('DELETE', path, undefined, bob.tokens.accessToken)).status).toBe(404);

      const renamed = await instance.api<UserZoneResponse>(
        'PUT',
        path,
        { ...work, name: 'Office' },
        ada.tokens.accessToken,
      );
      expect(renamed).toMatchObject({ status: 200, body: { id: created.body.id, name: 'Office' } });
      expect((await instance.api('DELETE', path, undefined, ada.tokens.accessToken)).status).toBe(204);
      const after = await instance.api<UserZoneList>(
        'GET',
        '/v1/account/zones',
        undefined,
        ada.tokens.accessToken,
      );
      expect(after.body.items).toEqual([]);
    });

    it("a user's zones are refused beyond the limit, with two shapes, a bad polygon, or a name taken", async () => {
      const user = await instance.createUser();
      const token = user.tokens.accessToken;
      const circle = { center: { latitude: 48.8867, longitude: 2.3431 }, radiusMeters: 150 };
      const create = (body: unknown) =>
        instance.api<{ code: string }>('POST', '/v1/account/zones', body, token);
      expect(await create({ name: 'Both', circle, polygon: block, notify: false })).toMatchObject({
        status: 400,
        body: { code: 'USER_ZONE_SHAPE_REQUIRED' },
      });
      const open = { type: 'Polygon', coordinates: [block.coordinates[0]?.slice(0, 4)] };
      expect(await create({ name: 'Open', polygon: open, notify: false })).toMatchObject({
        status: 400,
        body: { code: 'ZONE_POLYGON_INVALID', details: { fields: [{ path: '/polygon/coordinates/0' }] } },
      });
      for (let index = 0; index < maxUserZones; index += 1) {
        expect((await create({ name: `Zone ${index}`, circle, notify: false })).status).toBe(201);
      }
      expect(await create({ name: 'Zone 0', circle, notify: false })).toMatchObject({
        status: 409,
        body: { code: 'USER_ZONE_LIMIT_REACHED' },
      });
      const first = (await instance.api<UserZoneList>('GET', '/v1/account/zones', undefined, token)).body
        .items[1];
      const renamed = await instance.api<{ code: string }>(
        'PUT',
        `/v1/account/zones/${first?.id ?? ''}`,
        { name: 'Zone 0', circle, notify: false },
        token,
      );
      expect(renamed).toMatchObject({ status: 409, body: { code: 'USER_ZONE_NAME_TAKEN' } });
    });
  });
}
