import {
  buildDeviceTopic,
  compileValidator,
  DesiredStatePayload,
  parseDeviceTopic,
  type AlexaEvent,
  type RegisteredOAuthClientResponse,
  type ShadowResponse,
} from '@homeport/contracts';
import { waitFor, waitForValue, type BrokerApiProcess } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import { startAlexaStandIn, type AlexaStandIn, type ChangeReportBody } from '../support/alexa-stand-in';
import {
  connectDevice,
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
import {
  acceptGrant,
  alexaMessageId as messageId,
  alexaRedirectUri,
  createMappedThermostats,
} from '../support/assistant-fixtures';
import { createHomeHelpers } from '../support/home-helpers';
import { authorizeWithCode, discoverClient, registerClient } from '../support/oauth';
import { addVendorMember, createVendorId } from '../support/vendors';
import { statementText } from '@homeport/storage';
import type { Pool } from '../../src/adapters/postgres';

// Alexa's cloud as the skill's Lambda function forwards it: every directive below is one of Amazon's published
// examples (alexa-samples/alexa-smarthome sample_messages/, and
// https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery.html,
// .../alexa-thermostatcontroller.html, .../alexa-authorization.html, .../alexa-errorresponse.html), with the
// endpoint id and token of the test's person. Login with Amazon and the event gateway are the provider
// stand-in of test/support/alexa-stand-in.ts.

const correlationToken = 'dFMb0z+PgpgdDmluhJ1LddFvSqZ/jCc8ptlAKulUj90jSqg==';

const header = (namespace: string, name: string) => ({
  namespace,
  name,
  payloadVersion: '3',
  messageId,
  correlationToken,
});

/** A directive to one endpoint, as sample_messages/*.request.json shape it. */
const endpointDirective = (
  namespace: string,
  name: string,
  token: string,
  endpointId: string,
  payload: Record<string, unknown> = {},
) => ({
  directive: {
    header: header(namespace, name),
    endpoint: { scope: { type: 'BearerToken', token }, endpointId, cookie: {} },
    payload,
  },
});

/** sample_messages/ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.request.json */
const setTargetTemperature = (token: string, endpointId: string, value: number) =>
  endpointDirective('Alexa.ThermostatController', 'SetTargetTemperature', token, endpointId, {
    targetSetpoint: { value, scale: 'CELSIUS' },
  });

/** The first changed property's value of a ChangeReport, as JSON. */
const changedValueOf = (report: ChangeReportBody) =>
  JSON.stringify(report.event.payload.change.properties[0]?.value);
const payloadOf = (event: AlexaEvent) => event.event.payload;
const propertyOf = (event: AlexaEvent | undefined, namespace: string, name: string) =>
  event?.context?.properties.find((property) => property.namespace === namespace && property.name === name);

/** The pool of a replica, noting the home of each lookup of a home's Alexa links (pg-alexa-links.ts). */
function noteLinkLookups(pool: Pool, homeIds: string[]): Pool {
  return {
    query: (statement, params) => {
      if (statementText(statement).includes('public_api.alexa_links l') && typeof params?.[0] === 'string')
        homeIds.push(params[0]);
      return pool.query(statement, params);
    },
    connect: () => pool.connect(),
    end: () => pool.end(),
  };
}

export function describeAlexa(shared: SharedTestEnvironment): void {
  describe('Alexa Smart Home skill: account linking, directives and ChangeReports', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let brokerApi: BrokerApiProcess;
    let amazon: AlexaStandIn;
    let thermostats: TestVendor;
    let alexaClient: RegisteredOAuthClientResponse;
    let helpers: ReturnType<typeof createHomeHelpers>;
    /** The homes whose links the second replica looked up in PostgreSQL, one entry a query. */
    const secondLookups: string[] = [];

    /** What the skill's Lambda function does with a directive: POST it to public-api and hand back the answer. */
    const forward = async (message: unknown): Promise<AlexaEvent> => {
      const answer = await instance.api<AlexaEvent>('POST', '/v1/assistants/alexa', message);
      expect(answer.status).toBe(200);
      return answer.body;
    };

    beforeAll(async () => {
      amazon = await startAlexaStandIn();
      environment = shared.begin();
      const alexaSettings = {
        ALEXA_CLIENT_ID: amazon.clientId,
        ALEXA_CLIENT_SECRET: amazon.clientSecret,
        ALEXA_TOKEN_KEYS: JSON.stringify([{ kid: 'test-1', key: randomBytes(32).toString('base64') }]),
        ALEXA_LWA_TOKEN_URL: amazon.lwaTokenUrl,
        ALEXA_EVENT_GATEWAY_URL: amazon.eventGatewayUrl,
        ASSISTANT_GATEWAY_CA: amazon.ca,
        ASSISTANT_CONFIRM_WAIT_MS: '3000',
      };
      instance = await environment.startInstance(alexaSettings);
      // A second replica: the two compete on the ChangeReport queue.
      await environment.startInstance(alexaSettings, {
        wrapPool: (pool) => noteLinkLookups(pool, secondLookups),
      });
      brokerApi = environment.brokerApi as BrokerApiProcess;
      thermostats = await createMappedThermostats(brokerApi);
      // The skill's developer registers Alexa as a confidential client of Homeport (README "Alexa").
      const skillVendor = createVendorId();
      const developer = await instance.createUser();
      await addVendorMember(environment.pool, skillVendor, developer, 'admin');
      alexaClient = await registerClient(instance, developer, skillVendor, {
        name: 'Alexa',
        redirectUris: [alexaRedirectUri],
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: ['devices:read', 'devices:write'],
      });
      helpers = createHomeHelpers(instance);
    });
    afterAll(async () => {
      await environment.close();
      await amazon.close();
    });

    /** Alexa's account linking: openid-client through the consent page, with PKCE (Alexa sends it when enabled). */
    async function linkAlexa(user: TestUser) {
      const config = await discoverClient(instance, alexaClient);
      const { tokens } = await authorizeWithCode(instance, config, user, {
        scope: 'devices:read devices:write',
        redirectUri: alexaRedirectUri,
      });
      return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? '' };
    }

    /** Connects the device and has it report, until the assistants see it online with its state. */
    async function bringOnline(token: string, device: { vendorId: string; deviceId: string }) {
      const client = await connectDevice(brokerApi, device);
      await publishReportedState(client, device, { temperature: 19.5, setpoint: 20, mode: 'heat' });
      await waitForValue(async () => {
        const report = await forward(endpointDirective('Alexa', 'ReportState', token, device.deviceId));
        const connectivity = propertyOf(report, 'Alexa.EndpointHealth', 'connectivity');
        const setpoint = propertyOf(report, 'Alexa.ThermostatController', 'targetSetpoint');
        return JSON.stringify(connectivity?.value) === '{"value":"OK"}' && setpoint !== undefined
          ? report
          : undefined;
      }, 'the thermostat online with its first report');
      return client;
    }

    /** A person with a home, a mapped thermostat in it, Alexa linked and AcceptGrant done. */
    async function linkedOwner() {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const thermostat = await claimNewDevice(instance, brokerApi, owner, home.id, thermostats);
      const linked = await linkAlexa(owner);
      const accepted = await forward(acceptGrant(linked.accessToken, amazon.issueGrantCode()));
      expect(accepted.event.header).toMatchObject({
        namespace: 'Alexa.Authorization',
        name: 'AcceptGrant.Response',
      });
      return { owner, home, thermostat, ...linked };
    }

    let ada: Awaited<ReturnType<typeof linkedOwner>>;
    let adaClient: MqttClient;

    it("links through Homeport's OAuth (code + PKCE), and AcceptGrant exchanges Amazon's code at Login with Amazon", async () => {
      ada = await linkedOwner();
      expect(ada.accessToken).toMatch(/^hpo_/);
      expect(amazon.tokenRequests).toContain('authorization_code');
      const links = await environment.pool.query<{ access_token: string; refresh_token: string }>(
        'SELECT access_token, refresh_token FROM public_api.alexa_links WHERE user_id = $1',
        [ada.owner.id],
      );
      // Amazon's tokens are sealed at rest (ALEXA_TOKEN_KEYS): none of them shows in the row.
      expect(links.rows).toHaveLength(1);
      const [stored] = links.rows;
      expect(stored?.refresh_token).toMatch(/^hpe1\.test-1\./);
      expect(stored?.access_token).toMatch(/^hpe1\.test-1\./);
      expect(JSON.stringify(stored)).not.toContain(amazon.refreshTokens.at(-1));
      // A code Login with Amazon does not know: ACCEPT_GRANT_FAILED (sample_messages/Authorization/
      // ErrorResponse.Authorization.ACCEPT_GRANT_FAILED.json), and the link keeps its tokens.
      const refused = await forward(acceptGrant(ada.accessToken, 'ANUbUKCJqlBOpMhwYWxU'));
      expect(refused.event.header).toMatchObject({ namespace: 'Alexa.Authorization', name: 'ErrorResponse' });
      expect(payloadOf(refused)).toMatchObject({ type: 'ACCEPT_GRANT_FAILED' });
    });

    it("Discover lists exactly the person's mapped devices, with the thermostat's interfaces", async () => {
      const plugs = { vendorId: thermostats.vendorId, productId: 'unmapped-plug' };
      await asAdmin(brokerApi, 'POST', `/vendors/${plugs.vendorId}/products`, {
        id: plugs.productId,
        name: 'Plug',
        features: ['on'],
      });
      await claimNewDevice(instance, brokerApi, ada.owner, ada.home.id, plugs);
      const stranger = await instance.createUser();
      await claimNewDevice(
        instance,
        brokerApi,
        stranger,
        (await helpers.createHome(stranger)).id,
        thermostats,
      );

      // sample_messages/Discovery/Discovery.request.json
      const discovered = await forward({
        directive: {
          header: { namespace: 'Alexa.Discovery', name: 'Discover', payloadVersion: '3', messageId },
          payload: { scope: { type: 'BearerToken', token: ada.accessToken } },
        },
      });
      expect(discovered.event.header).toMatchObject({
        namespace: 'Alexa.Discovery',
        name: 'Discover.Response',
      });
      const endpoints = payloadOf(discovered).endpoints as {
        endpointId: string;
        displayCategories: string[];
        capabilities: { interface: string; configuration?: unknown }[];
      }[];
      expect(endpoints.map((endpoint) => endpoint.endpointId)).toEqual([ada.thermostat.deviceId]);
      const [endpoint] = endpoints;
      expect(endpoint?.displayCategories).toEqual(['THERMOSTAT']);
      expect(endpoint?.capabilities.map((capability) => capability.interface)).toEqual([
        'Alexa',
        'Alexa.ThermostatController',
        'Alexa.TemperatureSensor',
        'Alexa.EndpointHealth',
      ]);
      expect(endpoint?.capabilities[1]?.configuration).toEqual({
        supportedModes: ['HEAT', 'ECO', 'OFF'],
        supportsScheduling: false,
      });
    });

    it('SetTargetTemperature 21: the thermostat gets the setpoint on its desired topic, and the Response carries 21', async () => {
      adaClient = await bringOnline(ada.accessToken, ada.thermostat);
      await adaClient.subscribeAsync(buildDeviceTopic('desired', ada.thermostat), { qos: 1 });
      const isDesired = compileValidator(DesiredStatePayload);
      const received: DesiredStatePayload[] = [];
      let seq = 1;
      adaClient.on('message', (topic, body) => {
        const payload: unknown = JSON.parse(body.toString());
        if (parseDeviceTopic(topic)?.kind !== 'desired' || !isDesired.isValid(payload)) return;
        received.push(payload);
        seq += 1;
        void publishReportedState(
          adaClient,
          ada.thermostat,
          { temperature: 19.5, mode: 'heat', ...payload.state },
          seq,
        );
      });

      const answer = await forward(setTargetTemperature(ada.accessToken, ada.thermostat.deviceId, 21));
      expect(received.at(-1)?.state).toMatchObject({ setpoint: 21 });
      // sample_messages/ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.response.json
      expect(answer.event).toMatchObject({
        header: { namespace: 'Alexa', name: 'Response', payloadVersion: '3', correlationToken },
        endpoint: { endpointId: ada.thermostat.deviceId },
        payload: {},
      });
      expect(propertyOf(answer, 'Alexa.ThermostatController', 'targetSetpoint')).toMatchObject({
        value: { value: 21, scale: 'CELSIUS' },
        uncertaintyInMilliseconds: expect.any(Number) as unknown,
      });
    });

    it('out of range, offline and another person’s thermostat are refused with their error types, changing nothing', async () => {
      const desiredOf = (deviceId: string) =>
        asAdmin<ShadowResponse>(brokerApi, 'GET', `/devices/${deviceId}/shadow`).then(
          (shadow) => shadow.desired,
        );
      const before = await desiredOf(ada.thermostat.deviceId);

      // sample_messages/ErrorResponse/ErrorResponse.General.TEMPERATURE_VALUE_OUT_OF_RANGE.json
      const tooCold = await forward(setTargetTemperature(ada.accessToken, ada.thermostat.deviceId, -15));
      expect(tooCold.event.header).toMatchObject({
        namespace: 'Alexa',
        name: 'ErrorResponse',
        correlationToken,
      });
      expect(payloadOf(tooCold)).toEqual({
        type: 'TEMPERATURE_VALUE_OUT_OF_RANGE',
        message: 'targetTemperature must be between 5 and 30',
        validRange: {
          minimumValue: { value: 5, scale: 'CELSIUS' },
          maximumValue: { value: 30, scale: 'CELSIUS' },
        },
      });
      expect(await desiredOf(ada.thermostat.deviceId)).toEqual(before);

      // sample_messages/ErrorResponse/ErrorResponse.General.json
      const neverConnected = await claimNewDevice(instance, brokerApi, ada.owner, ada.home.id, thermostats);
      const offline = await forward(setTargetTemperature(ada.accessToken, neverConnected.deviceId, 21));
      expect(offline.event.endpoint).toEqual({ endpointId: neverConnected.deviceId });
      expect(payloadOf(offline)).toMatchObject({ type: 'ENDPOINT_UNREACHABLE' });
      expect(await desiredOf(neverConnected.deviceId)).toMatchObject({ version: 0, state: {} });

      const bob = await instance.createUser();
      const bobsThermostat = await claimNewDevice(
        instance,
        brokerApi,
        bob,
        (await helpers.createHome(bob)).id,
        thermostats,
      );
      const elsewhere = await forward(setTargetTemperature(ada.accessToken, bobsThermostat.deviceId, 21));
      expect(payloadOf(elsewhere)).toMatchObject({ type: 'NO_SUCH_ENDPOINT' });

      // A body that is not a v3 directive (payloadVersion 2): INVALID_DIRECTIVE.
      const v2 = setTargetTemperature(ada.accessToken, ada.thermostat.deviceId, 21);
      const invalid = await forward({
        directive: { ...v2.directive, header: { ...v2.directive.header, payloadVersion: '2' } },
      });
      expect(payloadOf(invalid)).toMatchObject({ type: 'INVALID_DIRECTIVE' });
    });

    it('a change the thermostat reports reaches the event gateway as a ChangeReport within 2 s, refreshing an expired token', async () => {
      const sentAt = Date.now();
      await publishReportedState(
        adaClient,
        ada.thermostat,
        { temperature: 22.5, setpoint: 21, mode: 'heat' },
        100,
      );
      const report = await waitForValue(
        () =>
          Promise.resolve(
            amazon.reports.find(
              ({ body }) =>
                body.event.endpoint.endpointId === ada.thermostat.deviceId &&
                changedValueOf(body) === '{"value":22.5,"scale":"CELSIUS"}',
            ),
          ),
        'a ChangeReport of 22.5 °C',
      );
      expect(Date.now() - sentAt).toBeLessThan(2000);
      // sample_messages/ChangeReport/ChangeReport.json
      expect(report.body.event.header).toMatchObject({
        namespace: 'Alexa',
        name: 'ChangeReport',
        payloadVersion: '3',
      });
      expect(report.body.event.payload.change).toMatchObject({
        cause: { type: 'PHYSICAL_INTERACTION' },
        properties: [{ namespace: 'Alexa.TemperatureSensor', name: 'temperature' }],
      });
      expect(report.body.context.properties.map((property) => property.name)).toEqual([
        'targetSetpoint',
        'thermostatMode',
        'connectivity',
      ]);

      // The gateway answers 401 INVALID_ACCESS_TOKEN_EXCEPTION: the link's token is refreshed at Login with
      // Amazon and the report sent again.
      amazon.expireAccessTokens();
      await publishReportedState(
        adaClient,
        ada.thermostat,
        { temperature: 23, setpoint: 21, mode: 'heat' },
        101,
      );
      await waitForValue(
        () =>
          Promise.resolve(
            amazon.reports.find(({ body }) => changedValueOf(body) === '{"value":23,"scale":"CELSIUS"}'),
          ),
        'a ChangeReport of 23 °C after the refresh',
      );
      expect(amazon.tokenRequests).toContain('refresh_token');
    });

    it('when the gateway is busy (503, then 429), the queue sends the ChangeReport again after its backoff', async () => {
      amazon.refuseNextEvents(1, 503);
      await publishReportedState(
        adaClient,
        ada.thermostat,
        { temperature: 23.5, setpoint: 21, mode: 'heat' },
        102,
      );
      await waitForValue(
        () =>
          Promise.resolve(
            amazon.reports.find(({ body }) => changedValueOf(body) === '{"value":23.5,"scale":"CELSIUS"}'),
          ),
        'a ChangeReport of 23.5 °C after a 503',
      );
      amazon.refuseNextEvents(1, 429);
      await publishReportedState(
        adaClient,
        ada.thermostat,
        { temperature: 24, setpoint: 21, mode: 'heat' },
        103,
      );
      await waitForValue(
        () =>
          Promise.resolve(
            amazon.reports.find(({ body }) => changedValueOf(body) === '{"value":24,"scale":"CELSIUS"}'),
          ),
        'a ChangeReport of 24 °C after a 429',
      );
      expect(amazon.busyAnswers).toBe(2);
    });

    it('when the gateway answers 403 SKILL_NEVER_ENABLED_EXCEPTION, the link is removed and no report is kept', async () => {
      const carl = await linkedOwner();
      amazon.disableSkillFor(amazon.refreshTokens.at(-1) ?? '');
      const reportsBefore = amazon.reports.length;
      // The thermostat connects and reports: its presence and state each make a ChangeReport for Carl.
      const client = await connectDevice(brokerApi, carl.thermostat);
      try {
        await publishReportedState(client, carl.thermostat, { temperature: 18, setpoint: 20, mode: 'heat' });
        await waitForValue(async () => {
          const links = await environment.pool.query(
            'SELECT 1 FROM public_api.alexa_links WHERE user_id = $1',
            [carl.owner.id],
          );
          return links.rowCount === 0 ? true : undefined;
        }, "Carl's link removed");
      } finally {
        await client.endAsync();
      }
      expect(
        amazon.reports.slice(reportsBefore).map(({ body }) => body.event.endpoint.endpointId),
      ).not.toContain(carl.thermostat.deviceId);
    });

    it('revoking Alexa in Homeport ends the link; the revoked token is INVALID, an expired one EXPIRED_AUTHORIZATION_CREDENTIAL', async () => {
      const revoked = await instance.api(
        'DELETE',
        `/v1/account/authorizations/${alexaClient.clientId}`,
        undefined,
        ada.owner.tokens.accessToken,
      );
      expect(revoked.status).toBe(204);
      const afterRevocation = await forward(
        setTargetTemperature(ada.accessToken, ada.thermostat.deviceId, 21),
      );
      expect(payloadOf(afterRevocation)).toMatchObject({ type: 'INVALID_AUTHORIZATION_CREDENTIAL' });
      const links = await environment.pool.query('SELECT 1 FROM public_api.alexa_links WHERE user_id = $1', [
        ada.owner.id,
      ]);
      expect(links.rowCount).toBe(0);
      await adaClient.endAsync();

      // Alexa's skill event when the person disables the skill (AlexaSkillEvent.SkillDisabled,
      // https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html): the grant ends.
      const grace = await linkedOwner();
      const disabled = await instance.api('POST', '/v1/assistants/alexa', {
        version: '1.0',
        context: {
          System: {
            application: { applicationId: 'amzn1.ask.skill.1' },
            user: { userId: 'amzn1.ask.account.1', accessToken: grace.accessToken },
            apiEndpoint: 'https://api.amazonalexa.com',
          },
        },
        request: {
          type: 'AlexaSkillEvent.SkillDisabled',
          requestId: 'amzn1.echo-external.request.1',
          timestamp: '2026-12-04T12:00:00Z',
          eventCreationTime: '2026-12-04T12:00:00Z',
          eventPublishingTime: '2026-12-04T12:00:00Z',
          body: { userInformation: { persistenceStatus: 'NOT_PERSISTED' } },
        },
      });
      expect(disabled.status).toBe(200);
      const graceLinks = await environment.pool.query(
        'SELECT 1 FROM public_api.alexa_links WHERE user_id = $1',
        [grace.owner.id],
      );
      expect(graceLinks.rowCount).toBe(0);

      // An hour later (the OAuth access token's lifetime), a token Alexa did not refresh has expired.
      const henry = await linkedOwner();
      instance.clock.advanceSeconds(3601);
      const expired = await forward(setTargetTemperature(henry.accessToken, henry.thermostat.deviceId, 21));
      expect(payloadOf(expired)).toMatchObject({ type: 'EXPIRED_AUTHORIZATION_CREDENTIAL' });
    });

    it('a home the second replica knew unlinked is reported by it once linked through the first replica', async () => {
      const dora = await instance.createUser();
      const home = await helpers.createHome(dora);
      const thermostat = await claimNewDevice(instance, brokerApi, dora, home.id, thermostats);
      const lookups = () => secondLookups.filter((homeId) => homeId === home.id).length;
      const client = await connectDevice(brokerApi, thermostat);
      let seq = 0;
      const report = async () => {
        seq += 1;
        await publishReportedState(
          client,
          thermostat,
          { temperature: 10 + seq, setpoint: 20, mode: 'heat' },
          seq,
        );
        return `{"value":${10 + seq},"scale":"CELSIUS"}`;
      };
      try {
        // Reports until the second replica's consumer took one: it found no link, and remembers the home so.
        await waitFor(
          async () => {
            await report();
            return lookups() > 0;
          },
          'the second replica to look the home up',
          { intervalMs: 200 },
        );
        const known = lookups();

        // Linked through the first replica: every report is a ChangeReport, whichever replica takes it, until
        // the second replica, told by the first, looked the home up again.
        const linked = await linkAlexa(dora);
        await forward(acceptGrant(linked.accessToken, amazon.issueGrantCode()));
        await waitFor(
          async () => {
            const value = await report();
            await waitForValue(
              () =>
                Promise.resolve(
                  amazon.reports.find(
                    ({ body }) =>
                      body.event.endpoint.endpointId === thermostat.deviceId &&
                      changedValueOf(body) === value,
                  ),
                ),
              `a ChangeReport of ${value}`,
            );
            return lookups() > known;
          },
          'the second replica to report the linked home',
          { intervalMs: 0 },
        );
      } finally {
        await client.endAsync();
      }
    });

    it('a thermostat claimed into a linked home, then renamed, reaches Alexa as AddOrUpdateReports', async () => {
      const erin = await linkedOwner();
      const discoveredBy = (deviceId: string, friendlyName: string | undefined) =>
        waitForValue(
          () =>
            Promise.resolve(
              amazon.discoveryReports.find(({ body }) =>
                body.event.payload.endpoints.some(
                  (endpoint) =>
                    endpoint.endpointId === deviceId &&
                    (friendlyName === undefined || endpoint.friendlyName === friendlyName),
                ),
              ),
            ),
          `an AddOrUpdateReport of ${deviceId} named ${friendlyName ?? 'anything'}`,
        );

      const claimed = await claimNewDevice(instance, brokerApi, erin.owner, erin.home.id, thermostats);
      // https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery.html#addorupdatereport-event
      const added = await discoveredBy(claimed.deviceId, undefined);
      expect(added.body.event.header).toMatchObject({
        namespace: 'Alexa.Discovery',
        name: 'AddOrUpdateReport',
        payloadVersion: '3',
      });
      expect(added.body.event.payload.scope).toEqual({ type: 'BearerToken', token: added.token });
      expect(added.body.event.payload.endpoints).toEqual([
        expect.objectContaining({ endpointId: claimed.deviceId, displayCategories: ['THERMOSTAT'] }),
      ]);

      const renamed = await instance.api(
        'PATCH',
        `/v1/devices/${claimed.deviceId}`,
        { name: 'Hall thermostat' },
        erin.owner.tokens.accessToken,
      );
      expect(renamed.status).toBe(200);
      await discoveredBy(claimed.deviceId, 'Hall thermostat');
    });
  });
}
