import {
  devicePresenceV1,
  deviceStateChangedV1,
  type HomeResponse,
  type MessagePayload,
  type ProvisionedVendorDeviceResponse,
} from '@homeport/contracts';
import { createAmqpMessageBus, type MessageBus } from '@homeport/messaging';
import { readTestServerUrls, type BrokerApiProcess } from '@homeport/testing';
import { createTestVendor, reportState, type TestVendor } from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';
import { openLiveStream, type ReceivedLiveEvent, type TestLiveStream } from '../support/live-stream';
import { addVendorMember } from '../support/vendors';

// Two replicas on one Redis and one queue; a short heartbeat so a removed member's stream ends quickly.
const liveSettings = { LIVE_HEARTBEAT_SECONDS: '1', LIVE_EVENTS_KEPT_PER_HOME: '20' };

export function describeLive(shared: SharedTestEnvironment): void {
  describe('public-api live stream: the devices of your homes, as they change, resumable on any replica', () => {
    let environment: TestEnvironment;
    let replicaA: TestInstance;
    let replicaB: TestInstance;
    let brokerApi: BrokerApiProcess;
    let vendor: TestVendor;
    let maker: TestUser;
    let publisher: MessageBus;
    let helpers: ReturnType<typeof createHomeHelpers>;
    const streams: TestLiveStream[] = [];

    beforeAll(async () => {
      environment = shared.begin();
      replicaA = await environment.startInstance(liveSettings);
      // Replicas of one deployment sign with the same key.
      replicaB = await environment.startInstance({
        ...liveSettings,
        JWT_SIGNING_KEY: replicaA.config.JWT_SIGNING_KEY,
      });
      brokerApi = environment.brokerApi as BrokerApiProcess;
      vendor = await createTestVendor(brokerApi);
      maker = await replicaA.createUser();
      await addVendorMember(environment.pool, vendor.vendorId, maker, 'developer');
      helpers = createHomeHelpers(replicaA);
      // state-workers' place: publishes state changes on the pipeline's homeport.events.
      publisher = await createAmqpMessageBus({
        url: readTestServerUrls().amqpUrl,
        connectionName: 'live-test-publisher',
        queues: [],
        namePrefix: environment.amqpPrefix,
      });
    });
    afterEach(() => {
      for (const stream of streams.splice(0)) stream.close();
    });
    afterAll(async () => {
      await publisher.close();
      await environment.close();
    });

    const open = async (...args: Parameters<typeof openLiveStream>) => {
      const stream = await openLiveStream(...args);
      streams.push(stream);
      return stream;
    };
    const streamOf = (
      replica: TestInstance,
      user: TestUser,
      options?: { lastEventId?: string; query?: string },
    ) => open(replica.running.http.url, user.tokens.accessToken, options);

    /** A new home of `owner` with a device of the vendor claimed into it. */
    async function homeWithDevice(owner: TestUser): Promise<{ home: HomeResponse; deviceId: string }> {
      const home = await helpers.createHome(owner);
      const provisioned = await helpers
        .as(maker)
        .call<ProvisionedVendorDeviceResponse>('POST', `/v1/vendors/${vendor.vendorId}/devices`, {
          productId: vendor.productId,
        });
      const claim = { claimCode: provisioned.body.claimCode };
      const claimed = await helpers.as(owner).call('POST', `/v1/homes/${home.id}/devices/claim`, claim);
      expect(claimed.status).toBe(200);
      return { home, deviceId: provisioned.body.id };
    }

    /** The n-th state change of a device, as state-workers publishes it. */
    const publishState = (deviceId: string, n: number) => {
      const event: MessagePayload<typeof deviceStateChangedV1> = {
        vendorId: vendor.vendorId,
        deviceId,
        changed: { temperature: n },
        state: { temperature: n, setpoint: 21 },
        seq: n,
        reportedAt: 1_763_719_200_000 + n,
      };
      return publisher.publish(deviceStateChangedV1, event, { messageId: `${deviceId}/${n}` });
    };
    const temperatureOf = (event: ReceivedLiveEvent) =>
      event.type === 'device.state-changed' ? (event.data.state as { temperature: number }).temperature : -1;
    const stateChangesOf = (stream: TestLiveStream, deviceId: string) =>
      stream.events.filter(
        (event) => event.type === 'device.state-changed' && event.data.deviceId === deviceId,
      );

    it("a device reports over MQTT, and its owner's stream delivers the state change", async () => {
      const owner = await replicaA.createUser();
      const { home, deviceId } = await homeWithDevice(owner);
      const stream = await streamOf(replicaA, owner);

      await reportState(
        brokerApi,
        { vendorId: vendor.vendorId, deviceId },
        { temperature: 19.5, mode: 'heat' },
      );

      const event = await stream.next(
        (received) => received.type === 'device.state-changed' && received.data.deviceId === deviceId,
        'the reported state',
      );
      expect(event.data).toMatchObject({
        homeId: home.id,
        vendorId: vendor.vendorId,
        changed: { temperature: 19.5 },
      });
      // The device connected to report: its presence comes through the same stream.
      await stream.next(
        (received) => received.type === 'device.presence' && received.data.deviceId === deviceId,
        'the device online',
      );
    });

    it('a presence event goes to the home it names, which broker-api recorded with it: no read of the device', async () => {
      const owner = await replicaA.createUser();
      const { home } = await homeWithDevice(owner);
      const stream = await streamOf(replicaA, owner);
      // A device broker-api does not know: read from the registry, its home would be none.
      const deviceId = `dev-presence-${Date.now()}`;
      const event: MessagePayload<typeof devicePresenceV1> = {
        vendorId: vendor.vendorId,
        deviceId,
        status: 'online',
        reason: 'connected',
        at: 1_763_719_200_000,
        ownerId: home.id,
      };
      await publisher.publish(devicePresenceV1, event, { messageId: `${deviceId}/online` });

      const received = await stream.next(
        (candidate) => candidate.type === 'device.presence' && candidate.data.deviceId === deviceId,
        'the presence in the home the event names',
      );
      expect(received.data).toMatchObject({ homeId: home.id, online: true, reason: 'connected' });
    });

    it('a stream cut mid-way resumes on another replica from its Last-Event-ID: every event once, in order', async () => {
      const owner = await replicaA.createUser();
      const { deviceId } = await homeWithDevice(owner);
      // Each event is published once the one before is in the log: the replicas compete for the queue, and an
      // event overtaken by the next one of its device is superseded (stale), which is not what this tests.
      const watcher = await streamOf(replicaA, owner);
      const first = await streamOf(replicaA, owner);
      const total = 40;
      const publishing = (async () => {
        for (let n = 1; n <= total; n += 1) {
          await publishState(deviceId, n);
          await watcher.next((event) => temperatureOf(event) === n, `event ${n} in the log`);
        }
      })();
      await first.next((event) => temperatureOf(event) >= 10, 'the first ten events');
      first.close();
      const lastEventId = stateChangesOf(first, deviceId).at(-1)?.id;
      const second = await streamOf(replicaB, owner, { lastEventId });
      await publishing;
      await second.next((event) => temperatureOf(event) === total, 'the last event');

      const received = [...stateChangesOf(first, deviceId), ...stateChangesOf(second, deviceId)];
      expect(received.map(temperatureOf)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
      expect(second.events.some((event) => event.type === 'resync')).toBe(false);
    });

    it('a stream resumed from further back than the home keeps is told to read the home again', async () => {
      const owner = await replicaA.createUser();
      const { home, deviceId } = await homeWithDevice(owner);
      const first = await streamOf(replicaA, owner);
      await publishState(deviceId, 1);
      const { id: oldId } = await first.next((event) => temperatureOf(event) === 1, 'the first event');
      first.close();
      for (let n = 2; n <= 300; n += 1) await publishState(deviceId, n);
      const watcher = await streamOf(replicaB, owner);
      await publishState(deviceId, 301);
      await watcher.next((event) => temperatureOf(event) === 301, 'the events after the first');

      const resumed = await streamOf(replicaB, owner, { lastEventId: oldId });
      const resync = await resumed.next((event) => event.type === 'resync', 'the resync');
      expect(resync.data).toEqual(
        expect.objectContaining({ homeIds: [home.id], code: 'LIVE_HISTORY_TRIMMED' }),
      );
      await publishState(deviceId, 302);
      await resumed.next((event) => temperatureOf(event) === 302, 'the events after the resync');
      expect(stateChangesOf(resumed, deviceId).map(temperatureOf)).toEqual([302]);
    });

    it("another home's owner sees nothing of it, even resuming from a forged id naming that home", async () => {
      const owner = await replicaA.createUser();
      const stranger = await replicaA.createUser();
      const { home, deviceId } = await homeWithDevice(owner);
      const strangers = await homeWithDevice(stranger);
      await publishState(deviceId, 1);
      const forged = `v1.${Buffer.from(JSON.stringify({ [home.id]: '0-0' })).toString('base64url')}`;
      const plain = await streamOf(replicaA, stranger);
      const resumed = await streamOf(replicaB, stranger, { lastEventId: forged });

      await publishState(deviceId, 2);
      await publishState(strangers.deviceId, 1);
      for (const stream of [plain, resumed]) {
        await stream.next((event) => event.data.deviceId === strangers.deviceId, "the stranger's own device");
        expect(stream.events.filter((event) => event.data.homeId === home.id)).toEqual([]);
      }
    });

    it('a member removed from a home: their stream ends, and reconnecting brings none of its events', async () => {
      const owner = await replicaA.createUser();
      const member = await replicaA.createUser();
      const { home, deviceId } = await homeWithDevice(owner);
      const own = await homeWithDevice(member);
      await helpers.join(owner, home.id, member, 'member');
      const stream = await streamOf(replicaA, member);
      await publishState(deviceId, 1);
      await stream.next((event) => event.data.deviceId === deviceId, "the shared home's event");

      const removed = await helpers.as(owner).call('DELETE', `/v1/homes/${home.id}/members/${member.id}`);
      expect(removed.status).toBe(204);
      await stream.ended;
      const again = await streamOf(replicaB, member, { lastEventId: stream.events.at(-1)?.id });
      await publishState(deviceId, 2);
      await publishState(own.deviceId, 1);
      await again.next((event) => event.data.deviceId === own.deviceId, "the member's own home");
      expect(again.events.filter((event) => event.data.homeId === home.id)).toEqual([]);
    });

    it('filters by home and device; a bad Last-Event-ID and too many streams are refused with their code', async () => {
      const owner = await replicaA.createUser();
      const { home, deviceId } = await homeWithDevice(owner);
      const other = await homeWithDevice(owner);
      const filtered = await streamOf(replicaA, owner, { query: `?homeId=${home.id}&deviceId=${deviceId}` });
      await publishState(other.deviceId, 1);
      await publishState(deviceId, 1);
      await filtered.next((event) => event.data.deviceId === deviceId, 'the chosen device');
      expect(filtered.events.map((event) => event.data.deviceId)).toEqual([deviceId]);

      const call = (headers: Record<string, string>) =>
        fetch(`${replicaB.running.http.url}/v1/live`, {
          headers: { authorization: `Bearer ${owner.tokens.accessToken}`, ...headers },
        }).then(async (response) => ({ status: response.status, body: await response.json() }));
      expect(await call({ 'last-event-id': 'not-ours' })).toEqual({
        status: 400,
        body: expect.objectContaining({ code: 'LIVE_EVENT_ID_INVALID' }) as unknown,
      });
      for (let n = 0; n < 5; n += 1) await streamOf(replicaB, owner);
      expect(await call({})).toEqual({
        status: 429,
        body: expect.objectContaining({ code: 'LIVE_STREAMS_LIMIT' }) as unknown,
      });
    });
  });
}
