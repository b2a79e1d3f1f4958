import {
  homeMemberArrivedV1,
  homeMemberLeftV1,
  notificationRequestedV1,
  publicApiPresenceNotificationsQueue,
  userZoneEnteredV1,
  userZoneLeftV1,
  type MessagePayload,
} from '@homeport/contracts';
import { createAmqpMessageBus, type MessageBus } from '@homeport/messaging';
import {
  listenForEvents,
  readTestServerUrls,
  sleep,
  waitFor,
  waitForValue,
  type EventListener,
} from '@homeport/testing';
import { randomUUID } from 'node:crypto';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';

type NoticeRequest = MessagePayload<typeof notificationRequestedV1>;

export function describePresenceNotices(shared: SharedTestEnvironment): void {
  // geofencing's events, published here as its relay would, reach public-api's own queue; what public-api asks
  // the notifications service is read from homeport.events, as a third consumer would see it.
  describe('presence notices: geofencing events -> notification.requested for the right people', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let publisher: MessageBus;
    let requested: EventListener<typeof notificationRequestedV1>;
    let owner: TestUser;
    let member: TestUser;
    let partner: TestUser;
    let homeId: string;
    // Each event of a test has a time of its own: its requests are found by it.
    let nextAt = Date.now() - 3_600_000;
    const newAt = () => (nextAt += 1_000);

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      [owner, member, partner] = await Promise.all([
        instance.createUser(),
        instance.createUser(),
        instance.createUser(),
      ]);
      const helpers = createHomeHelpers(instance);
      homeId = (await helpers.createHome(owner, 'Rue des Lilas')).id;
      await helpers.join(owner, homeId, member, 'member');
      await helpers.join(owner, homeId, partner, 'member');
      publisher = await createAmqpMessageBus({
        url: readTestServerUrls().amqpUrl,
        connectionName: 'presence-notices-test-publisher',
        queues: [],
        namePrefix: environment.amqpPrefix,
      });
      requested = await listenForEvents(environment.amqpPrefix, notificationRequestedV1);
    });
    afterAll(async () => {
      await requested.close();
      await publisher.close();
      await environment.close();
    });

    const requestsAt = (at: number) => requested.events().filter((request) => request.data['at'] === at);
    /** The `count` requests of the event at `at`, once they all arrived (and no more after a moment). */
    const awaitRequests = async (at: number, count: number): Promise<NoticeRequest[]> => {
      await waitFor(() => Promise.resolve(requestsAt(at).length >= count), `${count} requests of ${at}`);
      await sleep(300);
      const found = requestsAt(at);
      expect(found).toHaveLength(count);
      return [...found].sort((a, b) => a.userId.localeCompare(b.userId));
    };
    const idsOf = (...users: TestUser[]) => users.map((user) => user.id).sort();

    it("an arrival tells the home's other members and not the member who arrived; its redelivery queues the same dedup keys", async () => {
      const at = newAt();
      const arrival = { homeId, userId: member.id, at, detectedAt: at + 900 };
      await publisher.publish(homeMemberArrivedV1, arrival);

      const told = await awaitRequests(at, 2);
      expect(told.map((request) => request.userId)).toEqual(idsOf(owner, partner));
      for (const request of told) {
        expect(request).toMatchObject({
          category: 'presence',
          severity: 'info',
          template: 'presence.member-arrived',
          data: { homeName: 'Rue des Lilas', memberName: member.email, at },
        });
      }

      await publisher.publish(homeMemberArrivedV1, arrival);
      const again = await awaitRequests(at, 4);
      const keysOf = (requests: NoticeRequest[]) => requests.map((request) => request.dedupKey).sort();
      expect(new Set(keysOf(again))).toEqual(new Set(keysOf(told)));
      expect(new Set(keysOf(told)).size).toBe(2);
    });

    it('a departure confirmed outside tells the others; one for want of a recent fix (presence unknown) tells nobody', async () => {
      const unknownAt = newAt();
      await publisher.publish(homeMemberLeftV1, {
        homeId,
        userId: partner.id,
        reason: 'no-recent-fix',
        at: unknownAt,
        detectedAt: unknownAt + 43_200_000,
      });
      const at = newAt();
      await publisher.publish(homeMemberLeftV1, {
        homeId,
        userId: partner.id,
        reason: 'exited',
        at,
        detectedAt: at + 800,
      });

      const told = await awaitRequests(at, 2);
      expect(told.map((request) => request.userId)).toEqual(idsOf(owner, member));
      expect(told[0]).toMatchObject({
        category: 'presence',
        template: 'presence.member-left',
        data: { homeName: 'Rue des Lilas', memberName: partner.email, at },
      });
      expect(requestsAt(unknownAt)).toEqual([]);
    });

    it('crossing a zone of their own with notify tells that user alone; without notify, nobody', async () => {
      const zoneId = randomUUID();
      /** Publishes a crossing of the owner's zone, as geofencing would; resolves with its time. */
      const cross = async (message: typeof userZoneEnteredV1 | typeof userZoneLeftV1, notify: boolean) => {
        const at = newAt();
        const event = { userId: owner.id, zoneId, zoneName: 'Work', notify, at, detectedAt: at + 500 };
        await publisher.publish(message, event);
        return at;
      };
      const quietAt = await cross(userZoneEnteredV1, false);
      const enteredAt = await cross(userZoneEnteredV1, true);
      const leftAt = await cross(userZoneLeftV1, true);

      expect(await awaitRequests(enteredAt, 1)).toEqual([
        expect.objectContaining({
          userId: owner.id,
          category: 'geofence',
          severity: 'info',
          template: 'geofence.zone-entered',
          data: { zoneName: 'Work', at: enteredAt },
        }),
      ]);
      expect(await awaitRequests(leftAt, 1)).toEqual([
        expect.objectContaining({ userId: owner.id, template: 'geofence.zone-left' }),
      ]);
      expect(requestsAt(quietAt)).toEqual([]);
    });

    it("an event of a home public-api does not know, or of someone not the home's member, tells nobody and is acknowledged", async () => {
      const strangerAt = newAt();
      await publisher.publish(homeMemberArrivedV1, {
        homeId: randomUUID(),
        userId: member.id,
        at: strangerAt,
        detectedAt: strangerAt + 500,
      });
      await publisher.publish(homeMemberArrivedV1, {
        homeId,
        userId: randomUUID(),
        at: strangerAt,
        detectedAt: strangerAt + 500,
      });
      // A later event of the home, handled once the two before it were.
      const at = newAt();
      await publisher.publish(homeMemberArrivedV1, { homeId, userId: owner.id, at, detectedAt: at + 500 });

      await awaitRequests(at, 2);
      expect(requestsAt(strangerAt)).toEqual([]);
      const queue = await waitForValue(async () => {
        const stats = await publisher.inspectQueue(publicApiPresenceNotificationsQueue);
        return stats?.messages === 0 ? stats : undefined;
      }, 'the queue drained');
      expect(queue.deadLetters).toBe(0);
    });
  });
}
