import {
  homeMemberArrivedV1,
  homeMemberLeftV1,
  homeOccupancyChangedV1,
  ownTracksExamples,
  type CreatedOwnTracksCredential,
  type HomePresenceResponse,
  type HomeResponse,
} from '@homeport/contracts';
import { listenForEvents, waitFor, type EventListener } from '@homeport/testing';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { startWithGeofencing, type WithGeofencing } from '../support/geofencing';

/** Where the OwnTracks documentation's example phone is (ownTracksExamples.location): the home's center. */
const homeLocation = { latitude: 48.87231, longitude: 2.37702 };

export function describeLocationPresence(shared: SharedTestEnvironment): void {
  describe('phones to presence: public-api (both endpoints) -> geofencing -> homeport.events', () => {
    let platform: WithGeofencing;
    let environment: TestEnvironment;
    let instance: TestInstance;
    let owner: TestUser;
    let home: HomeResponse;
    let arrived: EventListener<typeof homeMemberArrivedV1>;
    let left: EventListener<typeof homeMemberLeftV1>;
    let occupancy: EventListener<typeof homeOccupancyChangedV1>;

    beforeAll(async () => {
      platform = await startWithGeofencing(shared.begin(), 'papi_presence');
      ({ environment, instance } = platform);
      arrived = await listenForEvents(environment.amqpPrefix, homeMemberArrivedV1);
      left = await listenForEvents(environment.amqpPrefix, homeMemberLeftV1);
      occupancy = await listenForEvents(environment.amqpPrefix, homeOccupancyChangedV1);
      owner = await instance.createUser();
      const body = {
        name: 'Rue des Lilas',
        timeZone: 'Europe/Paris',
        location: homeLocation,
        radiusMeters: 100,
      };
      home = (await instance.api<HomeResponse>('POST', '/v1/homes', body, owner.tokens.accessToken)).body;
    });
    afterAll(async () => {
      await Promise.all([arrived, left, occupancy].map((listener) => listener.close()));
      await platform.close();
    });

    it("the OwnTracks app's location arrives the member, Homeport's batch far away makes them leave", async () => {
      const created = await instance.api<CreatedOwnTracksCredential>(
        'POST',
        '/v1/account/location/owntracks-credentials',
        { phone: "Ada's iPhone" },
        owner.tokens.accessToken,
      );
      const { username } = created.body.credential;
      const authorization = `Basic ${Buffer.from(`${username}:${created.body.password}`).toString('base64')}`;
      const tst = Math.floor(Date.now() / 1000) - 120;
      // The documentation's payload as the app sends it, only its time made recent.
      const answer = await fetch(`${instance.running.http.url}/v1/owntracks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ ...ownTracksExamples.location, tst }),
      });
      expect(answer.status).toBe(200);
      await waitFor(() => occupancy.events().some((event) => event.homeId === home.id), 'the home occupied');
      expect(arrived.events()).toEqual([
        expect.objectContaining({ homeId: home.id, userId: owner.id, at: tst * 1000 }),
      ]);
      expect(occupancy.events()).toEqual([
        expect.objectContaining({ homeId: home.id, occupied: true, membersHome: 1 }),
      ]);

      const far = (secondsAgo: number, metersNorth: number) => ({
        latitude: homeLocation.latitude + metersNorth / 111_320,
        longitude: homeLocation.longitude,
        accuracyMeters: 25,
        timestamp: new Date(Date.now() - secondsAgo * 1000).toISOString(),
      });
      const batch = { phone: "Ada's iPhone", fixes: [far(60, 900), far(30, 1500)] };
      const posted = await instance.api(
        'POST',
        '/v1/account/location/fixes',
        batch,
        owner.tokens.accessToken,
      );
      expect(posted.status).toBe(202);
      await waitFor(() => occupancy.events().length === 2, 'the home empty');
      expect(left.events()).toEqual([
        expect.objectContaining({ homeId: home.id, userId: owner.id, reason: 'exited' }),
      ]);
      expect(occupancy.events()[1]).toMatchObject({ homeId: home.id, occupied: false, membersHome: 0 });
    });

    it('members see each other home, away or unknown (never a position); one who pauses sharing is unknown', async () => {
      const member = await instance.createUser();
      const invited = await instance.api<{ id: string }>(
        'POST',
        `/v1/homes/${home.id}/invitations`,
        { email: member.email, role: 'member' },
        owner.tokens.accessToken,
      );
      await instance.api(
        'POST',
        `/v1/invitations/${invited.body.id}/accept`,
        undefined,
        member.tokens.accessToken,
      );
      const presence = () =>
        instance.api<HomePresenceResponse>(
          'GET',
          `/v1/homes/${home.id}/presence`,
          undefined,
          member.tokens.accessToken,
        );
      const seen = await presence();
      expect(seen.body).toEqual({
        homeId: home.id,
        occupied: false,
        members: expect.arrayContaining([
          { userId: owner.id, status: 'away' },
          { userId: member.id, status: 'unknown' },
        ]) as unknown,
      });
      const outsider = await instance.createUser();
      const refused = await instance.api(
        'GET',
        `/v1/homes/${home.id}/presence`,
        undefined,
        outsider.tokens.accessToken,
      );
      expect(refused.status).toBe(404);

      const sharing = { paused: true, keepPositionsDays: null };
      const paused = await instance.api(
        'PUT',
        '/v1/account/location/sharing',
        sharing,
        owner.tokens.accessToken,
      );
      expect(paused.status).toBe(200);
      expect((await presence()).body.members).toContainEqual({ userId: owner.id, status: 'unknown' });
    });
  });
}
