import { createPublicApiClient, type PublicApiClient } from '@homeport/api-client';
import {
  buildDeviceTopic,
  buildDeviceTopicFilter,
  CommandPayload,
  compileValidator,
  deviceChangedV1,
  deviceCommandFinishedV1,
  DesiredStatePayload,
  mergePatchMediaType,
  parseDeviceTopic,
  type DeviceTopicKind,
} from '@homeport/contracts';
import { listenForEvents, waitForValue, type BrokerApiProcess, type EventListener } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import {
  connectDevice,
  createTestVendor,
  provisionThroughBrokerApi,
  publishReportedState,
  type TestVendor,
} from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { createHomeHelpers } from '../support/home-helpers';

const features = ['temperature', 'setpoint', 'mode', 'boost'];
const mergePatch = { 'content-type': mergePatchMediaType };

/** What a connected device receives on one kind of its topics, valid payloads only, as they arrive. */
function watchTopic<T>(client: MqttClient, kind: DeviceTopicKind, isPayload: (payload: unknown) => boolean) {
  const received: T[] = [];
  client.on('message', (topic, body) => {
    const payload: unknown = JSON.parse(body.toString());
    if (parseDeviceTopic(topic)?.kind === kind && isPayload(payload)) received.push(payload as T);
  });
  return {
    find: (matches: (payload: T) => boolean, what: string) =>
      waitForValue(() => Promise.resolve(received.find(matches)), what),
  };
}

export function describeOwnerDevices(shared: SharedTestEnvironment): void {
  describe("owners' devices: across their homes, with state, presence and features; desired state and commands", () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let brokerApi: BrokerApiProcess;
    let vendor: TestVendor;
    let helpers: ReturnType<typeof createHomeHelpers>;
    let changes: EventListener<typeof deviceChangedV1>;
    let finished: EventListener<typeof deviceCommandFinishedV1>;
    const clientOf = (user: TestUser): PublicApiClient =>
      createPublicApiClient({ baseUrl: instance.running.http.url, token: user.tokens.accessToken });

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
      brokerApi = environment.brokerApi as BrokerApiProcess;
      vendor = await createTestVendor(brokerApi, features);
      helpers = createHomeHelpers(instance);
      changes = await listenForEvents(environment.amqpPrefix, deviceChangedV1);
      finished = await listenForEvents(environment.amqpPrefix, deviceCommandFinishedV1);
    });
    afterAll(async () => {
      await Promise.all([changes.close(), finished.close()]);
      await environment.close();
    });

    /** A new owner with a home and a device claimed into it. */
    async function ownerWithDevice() {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const { id: deviceId, claimCode } = await provisionThroughBrokerApi(brokerApi, vendor);
      const claimed = await clientOf(owner).POST('/v1/homes/{homeId}/devices/claim', {
        params: { path: { homeId: home.id } },
        body: { claimCode },
      });
      expect(claimed.response.status).toBe(200);
      return { owner, home, deviceId, device: { vendorId: vendor.vendorId, deviceId } };
    }

    it('a device reports and the owner sees it; the owner sets the setpoint and the device receives it; a member’s command reaches the device and ends done', async () => {
      const { owner, home, deviceId, device } = await ownerWithDevice();
      const member = await instance.createUser();
      await helpers.join(owner, home.id, member, 'member');
      const thermostat = await connectDevice(brokerApi, device);
      try {
        await thermostat.subscribeAsync(
          [buildDeviceTopic('desired', device), buildDeviceTopicFilter('command', device)],
          { qos: 1 },
        );
        const isDesired = compileValidator(DesiredStatePayload);
        const isCommand = compileValidator(CommandPayload);
        const desiredPayloads = watchTopic<DesiredStatePayload>(thermostat, 'desired', (p) =>
          isDesired.isValid(p),
        );
        const commands = watchTopic<CommandPayload>(thermostat, 'command', (p) => isCommand.isValid(p));
        await publishReportedState(thermostat, device, { temperature: 19.5, setpoint: 20, mode: 'heat' });

        // The owner's GET shows what the device reported, with its presence, features and desired version.
        const api = clientOf(owner);
        const path = { params: { path: { deviceId } } };
        const read = await waitForValue(async () => {
          const answer = await api.GET('/v1/devices/{deviceId}', path);
          return answer.data?.reported === null ? undefined : answer;
        }, "the reported state in the owner's view");
        expect(read.data).toMatchObject({
          id: deviceId,
          homeId: home.id,
          reported: { state: { temperature: 19.5, setpoint: 20, mode: 'heat' } },
          desired: { state: {}, version: 0 },
          presence: { online: true },
          features,
        });
        expect(read.data?.presence.since).not.toBeNull();
        expect(read.response.headers.get('etag')).toBe('"0"');
        const list = await api.GET('/v1/devices', {});
        expect(list.data?.items).toEqual([expect.objectContaining({ id: deviceId, homeId: home.id })]);

        // The owner changes the setpoint at the version read; the device receives it on its desired topic.
        const changed = await api.PATCH('/v1/devices/{deviceId}/desired', {
          params: { path: { deviceId }, header: { 'if-match': '"0"' } },
          headers: mergePatch,
          body: { setpoint: 21.5 },
        });
        expect(changed.data).toMatchObject({ deviceId, version: 1, state: { setpoint: 21.5 } });
        expect(changed.response.headers.get('etag')).toBe('"1"');
        const received = await desiredPayloads.find(
          (p) => p.version === 1,
          'the desired state on the device',
        );
        expect(received.state).toEqual({ setpoint: 21.5 });

        // A member sends a command; the device gets it, acknowledges it done, and the status follows.
        const sent = await clientOf(member).POST('/v1/devices/{deviceId}/commands', {
          ...path,
          body: { name: 'boost', params: { minutes: 30 }, ttlSeconds: 600 },
        });
        expect(sent.response.status).toBe(201);
        const commandId = sent.data?.id ?? '';
        const command = await commands.find((c) => c.commandId === commandId, 'the command on the device');
        expect(command).toMatchObject({ name: 'boost', params: { minutes: 30 } });
        const ackTopic = buildDeviceTopic('commandAck', { ...device, commandId });
        await thermostat.publishAsync(ackTopic, JSON.stringify({ status: 'done' }), { qos: 1 });
        const done = await waitForValue(async () => {
          const answer = await api.GET('/v1/devices/{deviceId}/commands/{commandId}', {
            params: { path: { deviceId, commandId } },
          });
          return answer.data?.status === 'done' ? answer.data : undefined;
        }, 'the command status done');
        expect(done).toMatchObject({ id: commandId, ack: { status: 'done' } });
        const history = await clientOf(member).GET('/v1/devices/{deviceId}/commands', path);
        expect(history.data?.items.map((c) => c.id)).toEqual([commandId]);

        // Analytics counts both as the owners' (feature usage by who asked).
        const change = await waitForValue(
          () =>
            Promise.resolve(changes.events().find((e) => e.deviceId === deviceId && e.change === 'desired')),
          'the desired change announced',
        );
        expect(change).toMatchObject({ properties: ['setpoint'], source: 'owner' });
        const end = await waitForValue(
          () => Promise.resolve(finished.events().find((e) => e.commandId === commandId)),
          'the command end announced',
        );
        expect(end).toMatchObject({ name: 'boost', status: 'done', source: 'owner' });
      } finally {
        await thermostat.endAsync();
      }
      const audit = await environment.pool.query<{ action: string; actor_user_id: string }>(
        "SELECT action, actor_user_id FROM public_api.audit_entries WHERE device_id = $1 AND action <> 'device.claimed' ORDER BY id",
        [deviceId],
      );
      expect(audit.rows).toEqual([
        { action: 'desired.changed', actor_user_id: owner.id },
        { action: 'command.sent', actor_user_id: member.id },
      ]);
    });

    it('a stale If-Match is 412, none 428, a JSON body 415; an unknown property, a wrong type or command is 400 naming the field; nothing changes', async () => {
      const { owner, deviceId, device } = await ownerWithDevice();
      const api = clientOf(owner);
      const thermostat = await connectDevice(brokerApi, device);
      await publishReportedState(thermostat, device, { temperature: 19.5, setpoint: 20 });
      await thermostat.endAsync();
      await waitForValue(async () => {
        const answer = await api.GET('/v1/devices/{deviceId}', { params: { path: { deviceId } } });
        return answer.data?.reported ?? undefined;
      }, 'the reported state');
      const change = (
        ifMatch: string | undefined,
        body: Record<string, unknown>,
        contentType = mergePatchMediaType,
      ) =>
        api.PATCH('/v1/devices/{deviceId}/desired', {
          params: { path: { deviceId }, header: ifMatch === undefined ? {} : { 'if-match': ifMatch } },
          headers: { 'content-type': contentType },
          body,
        });
      expect((await change('"0"', { setpoint: 21 })).data?.version).toBe(1);

      const stale = await change('"0"', { setpoint: 23 });
      expect(stale.response.status).toBe(412);
      expect(stale.error).toMatchObject({ code: 'DESIRED_VERSION_MISMATCH', details: { version: 1 } });
      const blind = await change(undefined, { setpoint: 23 });
      expect([blind.response.status, blind.error?.code]).toEqual([428, 'IF_MATCH_REQUIRED']);
      const json = await change('"1"', { setpoint: 23 }, 'application/json');
      expect([json.response.status, json.error?.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const unknown = await change('"1"', { humidity: 40, setpoint: 'warm' });
      expect(unknown.response.status).toBe(400);
      expect(unknown.error).toMatchObject({
        code: 'DESIRED_STATE_INVALID',
        details: { fields: [{ path: '/humidity' }, { path: '/setpoint' }] },
      });
      const command = await api.POST('/v1/devices/{deviceId}/commands', {
        params: { path: { deviceId } },
        body: { name: 'selfDestruct', params: {}, ttlSeconds: 60 },
      });
      expect(command.error).toMatchObject({
        code: 'COMMAND_UNKNOWN',
        details: { fields: [{ path: '/name' }] },
      });

      const after = await api.GET('/v1/devices/{deviceId}', { params: { path: { deviceId } } });
      expect(after.data?.desired).toMatchObject({ version: 1, state: { setpoint: 21 } });
      expect(after.response.headers.get('etag')).toBe('"1"');
      expect(
        (await api.GET('/v1/devices/{deviceId}/commands', { params: { path: { deviceId } } })).data,
      ).toEqual({
        items: [],
      });
      // If-Match: * applies to whatever version is current.
      expect((await change('*', { mode: 'eco' })).data).toMatchObject({
        version: 2,
        state: { setpoint: 21, mode: 'eco' },
      });
    });

    it('the list spans every home of the caller, filtered by home, product and presence, paged; owners rename, members may not', async () => {
      const { owner, home, deviceId } = await ownerWithDevice();
      const second = await helpers.createHome(owner, 'Chalet');
      const { id: otherId, claimCode } = await provisionThroughBrokerApi(brokerApi, vendor);
      const api = clientOf(owner);
      await api.POST('/v1/homes/{homeId}/devices/claim', {
        params: { path: { homeId: second.id } },
        body: { claimCode },
      });
      const stranger = await ownerWithDevice();
      const ids = async (query: { homeId?: string; productId?: string; online?: boolean }) => {
        const answer = await api.GET('/v1/devices', { params: { query } });
        return answer.data?.items.map((item) => [item.id, item.homeId]);
      };

      const both = [deviceId, otherId].sort();
      const homeOf = new Map([
        [deviceId, home.id],
        [otherId, second.id],
      ]);
      expect(await ids({})).toEqual(both.map((id) => [id, homeOf.get(id)]));
      expect(await ids({ homeId: second.id })).toEqual([[otherId, second.id]]);
      expect(await ids({ productId: vendor.productId, online: false })).toHaveLength(2);
      expect(await ids({ online: true })).toEqual([]);
      const firstPage = await api.GET('/v1/devices', { params: { query: { limit: 1 } } });
      expect(firstPage.data).toMatchObject({ items: [{ id: both[0] }], nextAfter: both[0] });
      const nextPage = await api.GET('/v1/devices', { params: { query: { after: both[0] } } });
      expect(nextPage.data?.items.map((item) => item.id)).toEqual([both[1]]);
      const notTheirs = await api.GET('/v1/devices', { params: { query: { homeId: stranger.home.id } } });
      expect([notTheirs.response.status, notTheirs.error?.code]).toEqual([404, 'HOME_NOT_FOUND']);

      // The home-scoped path answers the same representation.
      const scoped = await api.GET('/v1/homes/{homeId}/devices/{deviceId}', {
        params: { path: { homeId: home.id, deviceId } },
      });
      const direct = await api.GET('/v1/devices/{deviceId}', { params: { path: { deviceId } } });
      expect(scoped.data).toEqual(direct.data);

      const renamed = await api.PATCH('/v1/devices/{deviceId}', {
        params: { path: { deviceId } },
        body: { name: 'Living room' },
      });
      expect(renamed.data).toMatchObject({ id: deviceId, homeId: home.id, name: 'Living room' });
      const member = await instance.createUser();
      await helpers.join(owner, home.id, member, 'member');
      const byMember = await clientOf(member).PATCH('/v1/devices/{deviceId}', {
        params: { path: { deviceId } },
        body: { name: 'Mine now' },
      });
      expect([byMember.response.status, byMember.error?.code]).toEqual([403, 'HOME_ROLE_INSUFFICIENT']);
      expect((await api.GET('/v1/devices/{deviceId}', { params: { path: { deviceId } } })).data?.name).toBe(
        'Living room',
      );
    });
  });
}
