import {
  assistantMappingExample,
  buildDeviceTopic,
  compileValidator,
  DesiredStatePayload,
  parseDeviceTopic,
  type ShadowResponse,
} from '@homeport/contracts';
import { isAppError } from '@homeport/errors';
import { waitForValue, type BrokerApiProcess } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import type { AssistantDevices } from '../../src/domain/assistant-devices';
import type { UserCaller } from '../../src/domain/callers';
import {
  connectDevice,
  createTestVendor,
  asAdmin,
  claimNewDevice,
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
import { createVendorFixtures } from '../support/vendor-fixtures';

const confirmWaitMs = 4000;

/** The person as an assistant acts for them: an OAuth user token with the scopes account linking grants. */
const asAssistant = (user: TestUser): UserCaller => ({
  kind: 'user',
  userId: user.id,
  credential: { kind: 'oauth', clientId: 'assistant-test', grantId: `grant-${user.id}` },
  scopes: new Set(['devices:read', 'devices:write']),
  address: '127.0.0.1',
});

/** The AppError code a call was refused with (and its details). */
async function refusalOf(call: Promise<unknown>) {
  const error: unknown = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, kind: error.kind, details: error.details };
}

export function describeAssistantDevices(shared: SharedTestEnvironment): void {
  describe("assistants' devices: the mapped devices of a person's homes, read and changed with confirmation", () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let brokerApi: BrokerApiProcess;
    let assistantDevices: AssistantDevices;
    let thermostats: TestVendor;
    let helpers: ReturnType<typeof createHomeHelpers>;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance({ ASSISTANT_CONFIRM_WAIT_MS: String(confirmWaitMs) });
      brokerApi = environment.brokerApi as BrokerApiProcess;
      assistantDevices = instance.running.assistantDevices;
      thermostats = await createTestVendor(brokerApi);
      const mappingPath = `/vendors/${thermostats.vendorId}/products/${thermostats.productId}/assistant-mapping`;
      await asAdmin(brokerApi, 'PUT', mappingPath, assistantMappingExample);
      helpers = createHomeHelpers(instance);
    });
    afterAll(async () => {
      await environment.close();
    });

    /** A new owner with a home and a mapped thermostat in it. */
    async function ownerWithThermostat() {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const device = await claimNewDevice(instance, brokerApi, owner, home.id, thermostats);
      return { owner, home, device, caller: asAssistant(owner) };
    }

    /** Connects the device, reports a first state, and waits until the assistants read it online with it. */
    async function bringOnline(caller: UserCaller, device: { vendorId: string; deviceId: string }) {
      const client = await connectDevice(brokerApi, device);
      await publishReportedState(client, device, { temperature: 19.5, setpoint: 20, mode: 'heat' });
      await waitForValue(async () => {
        const state = (await assistantDevices.read(caller, [device.deviceId])).get(device.deviceId);
        return state?.device.online === true && state.reportedAt !== null ? state : undefined;
      }, 'the device online with its first report');
      return client;
    }

    const desiredOf = (deviceId: string) =>
      asAdmin<ShadowResponse>(brokerApi, 'GET', `/devices/${deviceId}/shadow`).then(
        (shadow) => shadow.desired,
      );

    it("lists the mapped devices of the person's homes only, and reads their values from what they reported", async () => {
      const { owner, home, device, caller } = await ownerWithThermostat();
      const plugs = { vendorId: thermostats.vendorId, productId: 'plug' };
      await asAdmin(brokerApi, 'POST', `/vendors/${plugs.vendorId}/products`, {
        id: 'plug',
        name: 'Plug',
        features: ['on'],
      });
      const unmapped = await claimNewDevice(instance, brokerApi, owner, home.id, plugs);
      const stranger = await ownerWithThermostat();

      const listed = await assistantDevices.list(caller);
      expect(listed).toEqual([
        {
          id: device.deviceId,
          vendorId: thermostats.vendorId,
          productId: thermostats.productId,
          homeId: home.id,
          name: 'T',
          productName: 'T',
          mapping: assistantMappingExample,
          online: false,
        },
      ]);

      const client = await bringOnline(caller, device);
      try {
        const read = await assistantDevices.read(caller, [
          device.deviceId,
          unmapped.deviceId,
          stranger.device.deviceId,
        ]);
        expect([...read.keys()]).toEqual([device.deviceId]);
        const state = read.get(device.deviceId);
        expect(state?.values).toEqual({
          currentTemperature: 19.5,
          targetTemperature: 20,
          thermostatMode: 'heat',
        });
        expect(state?.reportedAt).toBeInstanceOf(Date);
        expect(
          await refusalOf(
            assistantDevices.change(caller, stranger.device.deviceId, { targetTemperature: 21 }),
          ),
        ).toMatchObject({ code: 'DEVICE_NOT_FOUND', kind: 'not_found' });
      } finally {
        await client.endAsync();
      }
    });

    it('when the device reports the new setpoint, the change is confirmed; when it stays silent, it is answered unconfirmed after the wait', async () => {
      const { device, caller } = await ownerWithThermostat();
      const client: MqttClient = await bringOnline(caller, device);
      try {
        await client.subscribeAsync(buildDeviceTopic('desired', device), { qos: 1 });
        const isDesired = compileValidator(DesiredStatePayload);
        const received: DesiredStatePayload[] = [];
        let answering = true;
        let seq = 1;
        client.on('message', (topic, body) => {
          const payload: unknown = JSON.parse(body.toString());
          if (parseDeviceTopic(topic)?.kind !== 'desired' || !isDesired.isValid(payload)) return;
          received.push(payload);
          seq += 1;
          if (answering)
            void publishReportedState(
              client,
              device,
              { temperature: 19.5, mode: 'heat', ...payload.state },
              seq,
            );
        });

        const confirmed = await assistantDevices.change(caller, device.deviceId, { targetTemperature: 21 });
        expect(received.at(-1)?.state).toMatchObject({ setpoint: 21 });
        expect(confirmed.confirmed).toBe(true);
        expect(confirmed.state.values).toMatchObject({ targetTemperature: 21, currentTemperature: 19.5 });

        answering = false;
        const startedAt = Date.now();
        const pending = await assistantDevices.change(caller, device.deviceId, { targetTemperature: 22.5 });
        expect(Date.now() - startedAt).toBeGreaterThanOrEqual(confirmWaitMs - 50);
        expect(pending.confirmed).toBe(false);
        expect(pending.state.values).toMatchObject({ targetTemperature: 22.5, currentTemperature: 19.5 });
        await waitForValue(
          () => Promise.resolve(received.find((payload) => payload.state.setpoint === 22.5)),
          'the second setpoint on the device',
        );
      } finally {
        await client.endAsync();
      }
    });

    it('when the device is offline, a change is refused with DEVICE_OFFLINE and its desired state is untouched; 35 °C is VALUE_OUT_OF_RANGE', async () => {
      const { device, caller } = await ownerWithThermostat();
      expect(
        await refusalOf(assistantDevices.change(caller, device.deviceId, { targetTemperature: 21 })),
      ).toEqual({
        code: 'DEVICE_OFFLINE',
        kind: 'unavailable',
        details: undefined,
      });
      expect(await desiredOf(device.deviceId)).toMatchObject({ version: 0, state: {} });

      const client = await bringOnline(caller, device);
      try {
        expect(
          await refusalOf(assistantDevices.change(caller, device.deviceId, { targetTemperature: 35 })),
        ).toEqual({
          code: 'VALUE_OUT_OF_RANGE',
          kind: 'invalid',
          details: { capability: 'targetTemperature', min: 5, max: 30 },
        });
        expect(await desiredOf(device.deviceId)).toMatchObject({ version: 0, state: {} });
      } finally {
        await client.endAsync();
      }
    });

    it("when the vendor removes the product's mapping, its devices leave the assistants' list and reads at once", async () => {
      const lamps = await createTestVendor(brokerApi, ['on']);
      const vendorMember = await instance.createUser();
      await createVendorFixtures(environment).addMember(lamps.vendorId, vendorMember.id);
      const mappingPath = `/v1/vendors/${lamps.vendorId}/products/${lamps.productId}/assistant-mapping`;
      const outlet = { deviceType: 'outlet', capabilities: { power: { property: 'on' } } };
      const vendorCall = (method: string, body?: unknown) =>
        instance.api(method, mappingPath, body, vendorMember.tokens.accessToken);
      expect((await vendorCall('PUT', outlet)).status).toBe(200);
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const lamp = await claimNewDevice(instance, brokerApi, owner, home.id, lamps);
      const caller = asAssistant(owner);
      // Cached on this replica: the product (list) and the device's view (read).
      expect((await assistantDevices.list(caller)).map((device) => device.mapping)).toEqual([outlet]);
      expect((await assistantDevices.read(caller, [lamp.deviceId])).size).toBe(1);

      expect((await vendorCall('DELETE')).status).toBe(204);
      expect(await assistantDevices.list(caller)).toEqual([]);
      expect((await assistantDevices.read(caller, [lamp.deviceId])).size).toBe(0);
    });
  });
}
