import {
  buildDeviceTopic,
  deviceChangedV1,
  homeMemberLeftV1,
  homeOccupancyChangedV1,
  type AutomationResponse,
  type AutomationRunList,
  type DesiredStatePayload,
  type HomeResponse,
} from '@homeport/contracts';
import {
  brokerApiToken,
  createTcpRelay,
  findFreePort,
  listenForEvents,
  requestJson,
  sleep,
  startGeofencingProcess,
  startServiceProcess,
  waitFor,
  waitForValue,
  type BrokerApiProcess,
  type EventListener,
  type GeofencingProcess,
  type ServiceProcess,
  type TcpRelay,
} from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import { createPostgresPool } from '@homeport/storage';
import {
  connectDevice,
  createTestVendor,
  provisionThroughBrokerApi,
  type TestVendor,
} from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';

// broker-api, geofencing (twice: killed and restarted) and public-api start here; 2 shared cores are slow.
jest.setTimeout(120_000);

const homeLocation = { latitude: 48.87231, longitude: 2.37702 };
const eco = { setpoint: 17 };

/** A fix `metersNorth` of the home, `secondsAgo`, as a phone posts it. */
const fixAt = (metersNorth: number, secondsAgo: number) => ({
  latitude: homeLocation.latitude + metersNorth / 111_320,
  longitude: homeLocation.longitude,
  accuracyMeters: 20,
  timestamp: new Date(Date.now() - secondsAgo * 1000).toISOString(),
});

/** The desired states a connected thermostat receives, in order. */
function watchDesired(client: MqttClient) {
  const received: DesiredStatePayload['state'][] = [];
  client.on('message', (_topic, body) => {
    received.push((JSON.parse(body.toString()) as DesiredStatePayload).state);
  });
  return received;
}

export function describeAutomations(shared: SharedTestEnvironment): void {
  describe('automations: the thermostat (a real MQTT client through broker-api) follows who is home', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let brokerApi: BrokerApiProcess;
    let vendor: TestVendor;
    let relay: TcpRelay;
    let geofencing: GeofencingProcess;
    let restarted: ServiceProcess | undefined;
    let helpers: ReturnType<typeof createHomeHelpers>;
    let left: EventListener<typeof homeMemberLeftV1>;
    let occupancy: EventListener<typeof homeOccupancyChangedV1>;
    let changes: EventListener<typeof deviceChangedV1>;
    const clients: MqttClient[] = [];

    beforeAll(async () => {
      environment = shared.begin();
      brokerApi = environment.brokerApi as BrokerApiProcess;
      // Features are what a device takes: its temperature is only reported (read-only), not one of them.
      vendor = await createTestVendor(brokerApi, ['setpoint', 'mode']);
      // geofencing reaches broker-api through a relay the kill scenario cuts; its port is kept across restarts.
      relay = await createTcpRelay({ host: '127.0.0.1', port: Number(new URL(brokerApi.url).port) });
      const geofencingPort = await findFreePort();
      geofencing = await startGeofencingProcess('papi_automations', {
        amqpPrefix: environment.amqpPrefix,
        env: {
          BROKER_API_URL: `http://127.0.0.1:${relay.port}`,
          HTTP_PORT: String(geofencingPort),
          AUTOMATION_LEASE_MS: '1000',
          AUTOMATION_RETRY_DELAYS_MS: '300,300,300,300,300,300,300,300,300,300,300,300',
        },
      });
      instance = await environment.startInstance({
        GEOFENCING_API_URL: `http://127.0.0.1:${geofencingPort}`,
      });
      helpers = createHomeHelpers(instance);
      left = await listenForEvents(environment.amqpPrefix, homeMemberLeftV1);
      occupancy = await listenForEvents(environment.amqpPrefix, homeOccupancyChangedV1);
      changes = await listenForEvents(environment.amqpPrefix, deviceChangedV1);
    });
    afterAll(async () => {
      await Promise.all(clients.map((client) => client.endAsync()));
      await Promise.all([left.close(), occupancy.close(), changes.close()]);
      await restarted?.stop();
      await geofencing.close();
      await relay.close();
      await environment.close();
    });

    /** An owner and a member of a home with a location, a thermostat in it at 21 °C, connected and listening. */
    async function homeWithThermostat() {
      const [owner, member] = [await instance.createUser(), await instance.createUser()];
      const created = await helpers.as(owner).call<HomeResponse>('POST', '/v1/homes', {
        name: 'Rue des Lilas',
        timeZone: 'Europe/Paris',
        location: homeLocation,
        radiusMeters: 100,
      });
      const home = created.body;
      await helpers.join(owner, home.id, member, 'member');
      const { id: deviceId, claimCode } = await provisionThroughBrokerApi(brokerApi, vendor);
      const claimed = await helpers
        .as(owner)
        .call('POST', `/v1/homes/${home.id}/devices/claim`, { claimCode });
      expect(claimed.status).toBe(200);
      const comfort = { setpoint: 21 };
      const body = { state: comfort };
      await requestJson(brokerApi.url, 'PATCH', `/devices/${deviceId}/desired`, {
        body,
        token: brokerApiToken,
      });
      const device = { vendorId: vendor.vendorId, deviceId };
      const client = await connectDevice(brokerApi, device);
      clients.push(client);
      const desired = watchDesired(client);
      await client.subscribeAsync(buildDeviceTopic('desired', device), { qos: 1 });
      await waitFor(() => desired.length === 1, 'the retained comfort setpoint');
      return { owner, member, home, deviceId, desired };
    }

    const automationsOf = (homeId: string) => `/v1/homes/${homeId}/automations`;
    const postFixes = (user: TestUser, fixes: ReturnType<typeof fixAt>[]) =>
      helpers.as(user).call('POST', '/v1/account/location/fixes', { phone: 'phone', fixes });
    const leave = (user: TestUser) => postFixes(user, [fixAt(900, 40), fixAt(1500, 20)]);
    const occupancyOf = (homeId: string) => occupancy.events().filter((event) => event.homeId === homeId);

    async function createAutomations(owner: TestUser, homeId: string, deviceId: string) {
      const away = { name: 'Eco when out', trigger: 'home-empty', actions: [{ deviceId, set: eco }] };
      const back = {
        name: 'Comfort back',
        trigger: 'first-arrival',
        restore: true,
        actions: [{ deviceId, set: {} }],
      };
      for (const automation of [away, back]) {
        const answer = await helpers
          .as(owner)
          .call<AutomationResponse>('POST', automationsOf(homeId), automation);
        expect(answer.status).toBe(201);
      }
    }

    it('members read, owners write; another home’s device is 404 and a read-only property a 400 naming it', async () => {
      const { owner, member, home, deviceId } = await homeWithThermostat();
      const other = await homeWithThermostat();
      const action = (id: string, set: Record<string, unknown>) => ({
        name: 'x',
        trigger: 'home-empty',
        actions: [{ deviceId: id, set }],
      });
      const byMember = await helpers.as(member).call('POST', automationsOf(home.id), action(deviceId, eco));
      expect(byMember.status).toBe(403);
      const foreign = await helpers
        .as(owner)
        .call('POST', automationsOf(home.id), action(other.deviceId, eco));
      expect(foreign).toMatchObject({ status: 404, body: { code: 'DEVICE_NOT_FOUND' } });
      const readOnly = await helpers
        .as(owner)
        .call('POST', automationsOf(home.id), action(deviceId, { temperature: 5 }));
      expect(readOnly).toMatchObject({ status: 400, body: { code: 'AUTOMATION_PROPERTY_INVALID' } });
      expect(readOnly.body.message).toContain('/actions/0/set/temperature');
      const outsider = await helpers.as(other.owner).call('GET', automationsOf(home.id));
      expect(outsider.status).toBe(404);
      await createAutomations(owner, home.id, deviceId);
      const listed = await helpers
        .as(member)
        .call<{ items: AutomationResponse[] }>('GET', automationsOf(home.id));
      expect(listed.body.items.map((automation) => automation.trigger)).toEqual([
        'home-empty',
        'first-arrival',
      ]);
    });

    it('one of two members leaves: nothing; the second leaves: eco on the desired topic; one back: comfort again', async () => {
      const { owner, member, home, deviceId, desired } = await homeWithThermostat();
      await createAutomations(owner, home.id, deviceId);
      await postFixes(owner, [fixAt(10, 120)]);
      await postFixes(member, [fixAt(20, 110)]);
      await waitFor(() => occupancyOf(home.id).length === 1, 'the home occupied');

      await leave(owner);
      await waitFor(() => left.events().some((event) => event.userId === owner.id), "the owner's exit");
      await sleep(500);
      expect(desired).toHaveLength(1);

      await leave(member);
      await waitFor(() => desired.length === 2, 'the eco setpoint');
      expect(desired[1]).toEqual(eco);
      // Analytics counts it as an automation's (feature usage by who asked).
      const byAutomation = () =>
        changes.events().filter((event) => event.deviceId === deviceId && event.source === 'automation');
      await waitFor(() => byAutomation().length === 1, "the automation's change announced");
      expect(byAutomation()[0]?.properties).toEqual(Object.keys(eco));

      await postFixes(member, [fixAt(15, 5)]);
      await waitFor(() => desired.length === 3, 'the comfort setpoint');
      expect(desired[2]).toEqual({ setpoint: 21 });

      // The thermostat receives the setpoint before geofencing records the run's outcome: read the runs once
      // none is pending (read at once, the newest was still pending in a loaded run, session 26).
      const runs = await waitForValue(async () => {
        const answer = await helpers
          .as(member)
          .call<AutomationRunList>('GET', `${automationsOf(home.id)}/runs`);
        return answer.body.items.some((run) => run.status === 'pending') ? undefined : answer;
      }, 'the runs settled');
      // Newest first; the oldest is the home's first occupancy (nothing captured yet to restore: no change).
      expect(runs.body.items.map((run) => [run.cause, run.userId, run.status])).toEqual([
        ['first-arrival', member.id, 'succeeded'],
        ['home-empty', member.id, 'succeeded'],
        ['first-arrival', expect.any(String), 'succeeded'],
      ]);
      expect(runs.body.items[1]?.changes).toEqual([
        { deviceId, set: eco, previous: { setpoint: 21 }, result: 'applied', message: null },
      ]);
    });

    it('a member of the empty home coming closer within 3 km warms it up early, and their arrival runs nothing more', async () => {
      const { owner, member, home, deviceId, desired } = await homeWithThermostat();
      const away = { name: 'Eco when out', trigger: 'home-empty', actions: [{ deviceId, set: eco }] };
      const early = {
        name: 'Warm up on the way',
        trigger: 'first-arrival',
        onTheWayHomeWithinMeters: 3000,
        actions: [{ deviceId, set: { setpoint: 22 } }],
      };
      for (const automation of [away, early]) {
        expect((await helpers.as(owner).call('POST', automationsOf(home.id), automation)).status).toBe(201);
      }
      await postFixes(member, [fixAt(10, 600)]);
      await waitFor(() => occupancyOf(home.id).length === 1, 'the home occupied');
      await leave(member);
      await waitFor(() => desired.some((state) => state['setpoint'] === 17), 'the eco setpoint');

      await postFixes(member, [fixAt(8000, 15), fixAt(7800, 10)]);
      await sleep(500);
      expect(desired.at(-1)).toEqual(eco);
      await postFixes(member, [fixAt(2600, 5)]);
      await waitFor(() => desired.at(-1)?.['setpoint'] === 22, 'the early comfort setpoint');
      const received = desired.length;
      await postFixes(member, [fixAt(1500, 3), fixAt(10, 1)]);
      await waitFor(() => occupancyOf(home.id).length === 3, 'the home occupied again');
      await sleep(500);
      expect(desired).toHaveLength(received);
      const runs = await helpers.as(owner).call<AutomationRunList>('GET', `${automationsOf(home.id)}/runs`);
      expect(runs.body.items.map((run) => run.cause).slice(0, 2)).toEqual(['on-the-way-home', 'home-empty']);
    });

    it('geofencing killed with SIGKILL after the last exit, before the automation ran: it runs once after the restart', async () => {
      const { owner, home, deviceId, desired } = await homeWithThermostat();
      await createAutomations(owner, home.id, deviceId);
      await postFixes(owner, [fixAt(10, 120)]);
      await waitFor(() => occupancyOf(home.id).length === 1, 'the home occupied');

      // broker-api out of geofencing's reach: the run is recorded with the exit but cannot apply.
      await relay.pause();
      await leave(owner);
      const database = createPostgresPool({ url: geofencing.databaseUrl, max: 1 });
      const runsOfHome = async () =>
        (
          await database.query<{ status: string; attempts: number }>(
            "SELECT status, attempts FROM geofencing.automation_runs WHERE home_id = $1 AND cause = 'home-empty'",
            [home.id],
          )
        ).rows;
      try {
        await waitFor(
          async () => (await runsOfHome()).some((run) => run.attempts >= 1),
          'an attempt that failed',
        );
        await geofencing.process.killHard();
        expect(desired).toHaveLength(1);

        await relay.resume();
        restarted = await startServiceProcess({
          service: 'geofencing',
          label: 'geofencing#2',
          env: geofencing.process.options.env,
        });
        await waitFor(() => desired.length === 2, 'the eco setpoint after the restart');
        expect(desired[1]).toEqual(eco);
        await sleep(1500);
        expect(desired).toHaveLength(2);
        expect(await runsOfHome()).toEqual([expect.objectContaining({ status: 'succeeded' })]);
      } finally {
        await database.end();
      }
    });
  });
}
