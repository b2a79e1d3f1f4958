import {
  locationFixesReportedV1,
  ownTracksExamples,
  type CreatedOwnTracksCredential,
  type HomeResponse,
  type LocationFixesAccepted,
  type OwnTracksCredentialList,
} from '@homeport/contracts';
import { listenForEvents, waitFor, type EventListener } from '@homeport/testing';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';

/** The Authorization header the app sends (RFC 7617). */
const basicAuth = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

export function describeLocations(shared: SharedTestEnvironment): void {
  describe("public-api: phones' locations in (Homeport's batch endpoint and OwnTracks' HTTP mode)", () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let owner: TestUser;
    let home: HomeResponse;
    let published: EventListener<typeof locationFixesReportedV1>;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      owner = await instance.createUser();
      published = await listenForEvents(environment.amqpPrefix, locationFixesReportedV1);
      const created = await instance.api<HomeResponse>(
        'POST',
        '/v1/homes',
        {
          name: 'Rue des Lilas',
          timeZone: 'Europe/Paris',
          location: { latitude: 48.8722, longitude: 2.3767 },
        },
        owner.tokens.accessToken,
      );
      home = created.body;
    });
    afterAll(async () => {
      await published.close();
      await environment.close();
    });

    // The instances' clock is the system's here; the cases of it.each are built before beforeAll runs.
    const now = () => Date.now();
    const fix = (overrides: Record<string, unknown> = {}) => ({
      latitude: 48.8723,
      longitude: 2.377,
      accuracyMeters: 20,
      timestamp: new Date(now() - 30_000).toISOString(),
      batteryPercent: 80,
      ...overrides,
    });
    const postFixes = (body: unknown, token = owner.tokens.accessToken) =>
      instance.api<LocationFixesAccepted & { code?: string; message?: string }>(
        'POST',
        '/v1/account/location/fixes',
        body,
        token,
      );
    const postOwnTracks = (body: string, authorization: string | undefined) =>
      fetch(`${instance.running.http.url}/v1/owntracks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization !== undefined && { authorization }),
        },
        body,
      });
    const batchesOf = (batchId: string) => published.events().filter((batch) => batch.batchId === batchId);

    it("a batch of fixes is published to geofencing with the user's home zone (default radius 100 m)", async () => {
      const answer = await postFixes({
        phone: "Ada's Pixel",
        fixes: [fix(), fix({ timestamp: new Date(now()).toISOString() })],
      });
      expect(answer).toMatchObject({ status: 202, body: { accepted: 2 } });
      await waitFor(() => batchesOf(answer.body.batchId).length === 1, 'the published batch');
      expect(batchesOf(answer.body.batchId)[0]).toMatchObject({
        userId: owner.id,
        source: 'homeport',
        phone: "Ada's Pixel",
        homes: [
          {
            homeId: home.id,
            zone: { kind: 'circle', center: { latitude: 48.8722, longitude: 2.3767 }, radiusMeters: 100 },
          },
        ],
      });
    });

    it.each([
      ['a latitude out of range', { fixes: [fix({ latitude: 91 })] }, 'VALIDATION_FAILED'],
      ['an accuracy of 0', { fixes: [fix({ accuracyMeters: 0 })] }, 'VALIDATION_FAILED'],
      [
        'a fix in the future',
        { fixes: [fix({ timestamp: new Date(now() + 3_600_000).toISOString() })] },
        'FIX_TIME_INVALID',
      ],
      ['a fix years old', { fixes: [fix({ timestamp: '2019-05-01T10:00:00.000Z' })] }, 'FIX_TIME_INVALID'],
      ['more than 100 fixes', { fixes: Array.from({ length: 101 }, () => fix()) }, 'VALIDATION_FAILED'],
    ])('%s is refused with 400 and a reason', async (_case, body, code) => {
      const answer = await postFixes({ phone: 'test', ...body });
      expect(answer).toMatchObject({ status: 400, body: { code } });
    });

    it('an OwnTracks credential drives the app endpoint, answered [], until it is revoked', async () => {
      const created = await instance.api<CreatedOwnTracksCredential>(
        'POST',
        '/v1/account/location/owntracks-credentials',
        { phone: "Ada's iPhone" },
        owner.tokens.accessToken,
      );
      expect(created).toMatchObject({
        status: 201,
        body: { url: 'https://api.test.homeport.example/v1/owntracks' },
      });
      const { credential, password } = created.body;
      const authorization = basicAuth(credential.username, password);
      const tst = Math.floor(now() / 1000) - 10;
      const location = await postOwnTracks(
        JSON.stringify({ ...ownTracksExamples.location, tst }),
        authorization,
      );
      expect(location.status).toBe(200);
      expect(await location.json()).toEqual([]);
      const transition = await postOwnTracks(
        JSON.stringify({ ...ownTracksExamples.transition, tst: tst + 5 }),
        authorization,
      );
      expect(transition.status).toBe(200);
      await waitFor(
        () => published.events().filter((batch) => batch.source === 'owntracks').length === 2,
        'the location and the transition published',
      );
      const fixes = published
        .events()
        .filter((batch) => batch.source === 'owntracks')
        .map((batch) => batch.fixes[0]);
      expect(fixes[0]).toEqual({
        latitude: 48.87231,
        longitude: 2.37702,
        accuracyMeters: 14,
        at: tst * 1000,
        speedMetersPerSecond: 0,
        batteryPercent: 81,
      });
      expect(fixes[1]).toMatchObject({ latitude: 48.87602, accuracyMeters: 20, at: (tst + 5) * 1000 });

      // What the app sends besides positions is answered and ignored, an empty body included.
      expect((await postOwnTracks(JSON.stringify({ _type: 'lwt', tst }), authorization)).status).toBe(200);
      expect((await postOwnTracks('', authorization)).status).toBe(200);
      const outOfRange = await postOwnTracks(
        JSON.stringify({ ...ownTracksExamples.location, lat: 123, tst }),
        authorization,
      );
      expect(outOfRange.status).toBe(400);

      const listed = await instance.api<OwnTracksCredentialList>(
        'GET',
        '/v1/account/location/owntracks-credentials',
        undefined,
        owner.tokens.accessToken,
      );
      expect(listed.body.items).toEqual([
        expect.objectContaining({ id: credential.id, lastUsedAt: expect.any(String) as unknown }),
      ]);
      const revoked = await instance.api(
        'DELETE',
        `/v1/account/location/owntracks-credentials/${credential.id}`,
        undefined,
        owner.tokens.accessToken,
      );
      expect(revoked.status).toBe(204);
      const refused = await postOwnTracks(
        JSON.stringify({ ...ownTracksExamples.location, tst }),
        authorization,
      );
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(
        (await postOwnTracks(JSON.stringify({ ...ownTracksExamples.location, tst }), undefined)).status,
      ).toBe(401);
    });

    it("another user's credential listing is their own, and a wrong password is 401", async () => {
      const other = await instance.createUser();
      const created = await instance.api<CreatedOwnTracksCredential>(
        'POST',
        '/v1/account/location/owntracks-credentials',
        { phone: 'theirs' },
        other.tokens.accessToken,
      );
      const mine = await instance.api<OwnTracksCredentialList>(
        'GET',
        '/v1/account/location/owntracks-credentials',
        undefined,
        owner.tokens.accessToken,
      );
      expect(mine.body.items.map((item) => item.id)).not.toContain(created.body.credential.id);
      const wrong = basicAuth(created.body.credential.username, `${created.body.password}x`);
      expect((await postOwnTracks(JSON.stringify(ownTracksExamples.location), wrong)).status).toBe(401);
      const deleteTheirs = await instance.api(
        'DELETE',
        `/v1/account/location/owntracks-credentials/${created.body.credential.id}`,
        undefined,
        owner.tokens.accessToken,
      );
      expect(deleteTheirs.status).toBe(404);
    });
  });
}
