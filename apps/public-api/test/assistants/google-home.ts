import {
  buildDeviceTopic,
  compileValidator,
  DesiredStatePayload,
  parseDeviceTopic,
  type GoogleSmartHomeRequest,
  type RegisteredOAuthClientResponse,
  type ShadowResponse,
} from '@homeport/contracts';
import { waitForValue, type BrokerApiProcess } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import * as client from 'openid-client';
import {
  asAdmin as asBrokerApiAdmin,
  claimNewDevice,
  connectDevice,
  publishReportedState,
  type TestVendor,
} from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { startGoogleStandIn, type GoogleStandIn } from '../support/google-stand-in';
import {
  googleRedirectUri,
  googleRequestId,
  syncRequest,
  createMappedThermostats,
} from '../support/assistant-fixtures';
import { createHomeHelpers } from '../support/home-helpers';
import { authorizeWithCode, discoverClient, registerClient } from '../support/oauth';
import { addVendorMember, createVendorId } from '../support/vendors';

const confirmWaitMs = 4000;

// Fixtures: Google's published requests (https://developers.home.google.com/cloud-to-cloud/intents/sync,
// .../intents/query, .../intents/execute, .../intents/disconnect), the device ids replaced by ours.
const requestId = googleRequestId;
const queryRequest = (...ids: string[]) => ({
  requestId,
  inputs: [{ intent: 'action.devices.QUERY', payload: { devices: ids.map((id) => ({ id })) } }],
});
const setpointRequest = (celsius: number, ...ids: string[]): GoogleSmartHomeRequest => ({
  requestId,
  inputs: [
    {
      intent: 'action.devices.EXECUTE',
      payload: {
        commands: [
          {
            devices: ids.map((id) => ({ id })),
            execution: [
              {
                command: 'action.devices.commands.ThermostatTemperatureSetpoint',
                params: { thermostatTemperatureSetpoint: celsius },
              },
            ],
          },
        ],
      },
    },
  ],
});
const disconnectRequest = { requestId, inputs: [{ intent: 'action.devices.DISCONNECT' }] };

export function describeGoogleHome(shared: SharedTestEnvironment): void {
  describe('Google Home: account linking, SYNC, QUERY, EXECUTE, DISCONNECT and HomeGraph reports', () => {
    let google: GoogleStandIn;
    let environment: TestEnvironment;
    let instance: TestInstance;
    let brokerApi: BrokerApiProcess;
    let thermostats: TestVendor;
    let googleClient: RegisteredOAuthClientResponse;
    let helpers: ReturnType<typeof createHomeHelpers>;
    const asAdmin = <T>(method: string, path: string, body?: unknown) =>
      asBrokerApiAdmin<T>(brokerApi, method, path, body);

    beforeAll(async () => {
      google = await startGoogleStandIn();
      environment = shared.begin();
      instance = await environment.startInstance({
        ASSISTANT_CONFIRM_WAIT_MS: String(confirmWaitMs),
        ASSISTANT_GATEWAY_CA: google.ca,
        GOOGLE_HOMEGRAPH_URL: google.url,
        GOOGLE_SERVICE_ACCOUNT_KEY: google.serviceAccountKey,
      });
      brokerApi = environment.brokerApi as BrokerApiProcess;
      thermostats = await createMappedThermostats(brokerApi);
      helpers = createHomeHelpers(instance);
      // Homeport's operator registers Google's project as a confidential client of its own vendor.
      const admin = await instance.createUser();
      const vendorId = createVendorId();
      await addVendorMember(environment.pool, vendorId, admin, 'admin');
      googleClient = await registerClient(instance, admin, vendorId, {
        name: 'Google Home',
        redirectUris: [googleRedirectUri],
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: ['devices:read', 'devices:write'],
      });
    });
    afterAll(async () => {
      await environment.close();
      await google.close();
    });

    /** Google's account linking as its cloud runs it: the code flow with the client secret, no PKCE. */
    async function linkGoogle(user: TestUser) {
      const config = await discoverClient(instance, googleClient, 'post');
      const scope = 'devices:read devices:write';
      const { tokens } = await authorizeWithCode(instance, config, user, {
        scope,
        redirectUri: googleRedirectUri,
        pkce: false,
      });
      return { config, tokens };
    }

    const fulfill = <T = Record<string, unknown>>(token: string, body: unknown) =>
      instance.api<T>('POST', '/v1/assistants/google', body, token);

    /** A new owner with a home, a mapped thermostat in it, linked to Google. */
    async function linkedOwnerWithThermostat() {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const device = await claimNewDevice(instance, brokerApi, owner, home.id, thermostats);
      const { config, tokens } = await linkGoogle(owner);
      return { owner, home, device, config, token: tokens.access_token, tokens };
    }

    /** Connects the thermostat and has it answer each desired state with a report holding it. */
    async function bringOnline(token: string, device: { vendorId: string; deviceId: string }) {
      const mqtt: MqttClient = await connectDevice(brokerApi, device);
      const received: DesiredStatePayload[] = [];
      const isDesired = compileValidator(DesiredStatePayload);
      let seq = 1;
      let reported = { temperature: 19.5, setpoint: 20, mode: 'heat' } as Record<string, unknown>;
      await mqtt.subscribeAsync(buildDeviceTopic('desired', device), { qos: 1 });
      mqtt.on('message', (topic, body) => {
        const payload: unknown = JSON.parse(body.toString());
        if (parseDeviceTopic(topic)?.kind !== 'desired' || !isDesired.isValid(payload)) return;
        received.push(payload);
        reported = { ...reported, ...payload.state };
        seq += 1;
        void publishReportedState(mqtt, device, reported, seq);
      });
      await publishReportedState(mqtt, device, reported);
      await waitForValue(async () => {
        const answer = await fulfill<{ payload: { devices: Record<string, { status: string }> } }>(
          token,
          queryRequest(device.deviceId),
        );
        return answer.body.payload.devices[device.deviceId]?.status === 'SUCCESS' ? true : undefined;
      }, 'the thermostat online for Google');
      return { mqtt, received };
    }

    it('links through the code flow without PKCE (refresh token too); SYNC lists exactly the mapped devices of the person, with their traits', async () => {
      const { owner, home, device, config, tokens } = await linkedOwnerWithThermostat();
      const plugs = { vendorId: thermostats.vendorId, productId: 'plug' };
      await asAdmin('POST', `/vendors/${plugs.vendorId}/products`, {
        id: 'plug',
        name: 'Plug',
        features: ['on'],
      });
      await claimNewDevice(instance, brokerApi, owner, home.id, plugs);
      await linkedOwnerWithThermostat();
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');

      const synced = await fulfill(refreshed.access_token, syncRequest);
      expect(synced).toMatchObject({ status: 200 });
      expect(synced.body).toEqual({
        requestId,
        payload: {
          agentUserId: owner.id,
          devices: [
            {
              id: device.deviceId,
              type: 'action.devices.types.THERMOSTAT',
              traits: ['action.devices.traits.TemperatureSetting'],
              name: { defaultNames: ['T'], name: 'T' },
              willReportState: true,
              deviceInfo: { manufacturer: thermostats.vendorId, model: 'thermostat' },
              attributes: {
                availableThermostatModes: ['heat', 'eco', 'off'],
                thermostatTemperatureUnit: 'C',
                thermostatTemperatureRange: { minThresholdCelsius: 5, maxThresholdCelsius: 30 },
              },
            },
          ],
        },
      });
      const links = await environment.pool.query<{ user_id: string; device_ids: string[] }>(
        'SELECT user_id, device_ids FROM public_api.google_links WHERE user_id = $1',
        [owner.id],
      );
      expect(links.rows).toEqual([{ user_id: owner.id, device_ids: [device.deviceId] }]);
      // A session token is not an assistant's: the endpoint serves OAuth grants only.
      expect(await fulfill(owner.tokens.accessToken, syncRequest)).toMatchObject({
        status: 403,
        body: { code: 'ASSISTANT_OAUTH_REQUIRED' },
      });
    });

    it('EXECUTE "set the thermostat to 21": the MQTT device gets setpoint 21 on its desired topic and the answer is SUCCESS with 21; 35 is valueOutOfRange, a stranger\'s device deviceNotFound', async () => {
      const { device, token } = await linkedOwnerWithThermostat();
      const stranger = await linkedOwnerWithThermostat();
      await fulfill(token, syncRequest);
      const { mqtt, received } = await bringOnline(token, device);
      try {
        const executed = await fulfill(token, setpointRequest(21, device.deviceId));
        expect(received.at(-1)?.state).toMatchObject({ setpoint: 21 });
        expect(executed).toMatchObject({ status: 200 });
        expect(executed.body).toEqual({
          requestId,
          payload: {
            commands: [
              {
                ids: [device.deviceId],
                status: 'SUCCESS',
                states: {
                  online: true,
                  thermostatMode: 'heat',
                  thermostatTemperatureSetpoint: 21,
                  thermostatTemperatureAmbient: 19.5,
                },
              },
            ],
          },
        });

        const refused = await fulfill(token, setpointRequest(35, device.deviceId, stranger.device.deviceId));
        expect(refused.body).toEqual({
          requestId,
          payload: {
            commands: [
              { ids: [device.deviceId], status: 'ERROR', errorCode: 'valueOutOfRange' },
              { ids: [stranger.device.deviceId], status: 'ERROR', errorCode: 'deviceNotFound' },
            ],
          },
        });
        expect(received.at(-1)?.state).toMatchObject({ setpoint: 21 });

        // QUERY reads the stored shadow, which takes the confirmed report a moment after the live log does.
        const queried = await waitForValue(async () => {
          const answer = await fulfill<{ payload: { devices: Record<string, Record<string, unknown>> } }>(
            token,
            queryRequest(device.deviceId, stranger.device.deviceId),
          );
          const setpoint = answer.body.payload.devices[device.deviceId]?.thermostatTemperatureSetpoint;
          return setpoint === 21 ? answer : undefined;
        }, 'QUERY with the new setpoint');
        expect(queried.body).toEqual({
          requestId,
          payload: {
            devices: {
              [device.deviceId]: {
                online: true,
                status: 'SUCCESS',
                thermostatMode: 'heat',
                thermostatTemperatureSetpoint: 21,
                thermostatTemperatureAmbient: 19.5,
              },
              [stranger.device.deviceId]: { status: 'ERROR', errorCode: 'deviceNotFound' },
            },
          },
        });
      } finally {
        await mqtt.endAsync();
      }
    });

    it('when the thermostat is offline, EXECUTE answers OFFLINE deviceOffline and its desired state is untouched', async () => {
      const { device, token } = await linkedOwnerWithThermostat();
      const executed = await fulfill(token, setpointRequest(21, device.deviceId));
      expect(executed.body).toEqual({
        requestId,
        payload: { commands: [{ ids: [device.deviceId], status: 'OFFLINE', errorCode: 'deviceOffline' }] },
      });
      const shadow = await asAdmin<ShadowResponse>('GET', `/devices/${device.deviceId}/shadow`);
      expect(shadow.desired).toMatchObject({ version: 0, state: {} });
      const queried = await fulfill(token, queryRequest(device.deviceId));
      expect(queried.body).toMatchObject({
        payload: {
          devices: { [device.deviceId]: { online: false, status: 'OFFLINE', errorCode: 'deviceOffline' } },
        },
      });
    });

    it('a report of the device reaches HomeGraph as Report State within 2 s; a rename makes a Request Sync', async () => {
      const { owner, device, token } = await linkedOwnerWithThermostat();
      await fulfill(token, syncRequest);
      const { mqtt } = await bringOnline(token, device);
      try {
        const sentAt = Date.now();
        await publishReportedState(mqtt, device, { temperature: 22.25, setpoint: 20, mode: 'eco' }, 100);
        const report = await waitForValue(
          () =>
            Promise.resolve(
              google.reports.find(
                (one) =>
                  one.agentUserId === owner.id &&
                  one.states[device.deviceId]?.thermostatTemperatureAmbient === 22.25,
              ),
            ),
          'Report State of the new temperature',
          { timeoutMs: 2000, intervalMs: 20 },
        );
        expect(Date.now() - sentAt).toBeLessThan(2000);
        expect(report.states).toEqual({
          [device.deviceId]: {
            online: true,
            thermostatMode: 'eco',
            thermostatTemperatureSetpoint: 20,
            thermostatTemperatureAmbient: 22.25,
          },
        });

        const renamed = await instance.api(
          'PATCH',
          `/v1/devices/${device.deviceId}`,
          { name: 'Hallway' },
          owner.tokens.accessToken,
        );
        expect(renamed.status).toBe(200);
        const sync = await waitForValue(
          () => Promise.resolve(google.syncRequests.find((one) => one.agentUserId === owner.id)),
          'Request Sync after the rename',
        );
        expect(sync).toEqual({ agentUserId: owner.id, async: true });
      } finally {
        await mqtt.endAsync();
      }
    });

    it('HomeGraph throttling (429) is retried with backoff until it passes; a user HomeGraph no longer knows (404) loses the link', async () => {
      const { owner, device, token } = await linkedOwnerWithThermostat();
      await fulfill(token, syncRequest);
      const { mqtt } = await bringOnline(token, device);
      const reportsOf = (temperature: number) =>
        google.reports.filter(
          (one) =>
            one.agentUserId === owner.id &&
            one.states[device.deviceId]?.thermostatTemperatureAmbient === temperature,
        );
      try {
        google.failNext(429, 1);
        await publishReportedState(mqtt, device, { temperature: 18.5, setpoint: 20, mode: 'heat' }, 200);
        await waitForValue(
          () => Promise.resolve(reportsOf(18.5)[0]),
          'the report once HomeGraph stopped throttling',
        );

        google.forget(owner.id);
        await publishReportedState(mqtt, device, { temperature: 18, setpoint: 20, mode: 'heat' }, 201);
        await waitForValue(async () => {
          const links = await environment.pool.query(
            'SELECT 1 FROM public_api.google_links WHERE user_id = $1',
            [owner.id],
          );
          return links.rowCount === 0 ? true : undefined;
        }, 'the link of the user HomeGraph forgot removed');
        expect(reportsOf(18)).toEqual([]);
      } finally {
        await mqtt.endAsync();
      }
    });

    it('an expired access token is 401, so Google refreshes; DISCONNECT revokes the grant: its tokens stop working and its link goes', async () => {
      const { owner, config, tokens } = await linkedOwnerWithThermostat();
      await fulfill(tokens.access_token, syncRequest);
      instance.clock.advanceSeconds(3601);
      expect(await fulfill(tokens.access_token, syncRequest)).toMatchObject({
        status: 401,
        body: { code: 'ACCESS_TOKEN_EXPIRED' },
      });
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
      expect((await fulfill(refreshed.access_token, syncRequest)).status).toBe(200);

      expect(await fulfill(refreshed.access_token, disconnectRequest)).toEqual({ status: 200, body: {} });
      expect(await fulfill(refreshed.access_token, syncRequest)).toMatchObject({
        status: 401,
        body: { code: 'TOKEN_REVOKED' },
      });
      await expect(client.refreshTokenGrant(config, refreshed.refresh_token ?? '')).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      const links = await environment.pool.query('SELECT 1 FROM public_api.google_links WHERE user_id = $1', [
        owner.id,
      ]);
      expect(links.rowCount).toBe(0);
    });
  });
}
