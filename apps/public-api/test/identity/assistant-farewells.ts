import { type RegisteredOAuthClientResponse, type RegisterOAuthClientRequest } from '@homeport/contracts';
import { waitFor, type BrokerApiProcess } from '@homeport/testing';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAlexaStandIn, type AlexaStandIn } from '../support/alexa-stand-in';
import { claimNewDevice, type TestVendor } from '../support/devices';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';
import { startGoogleStandIn, type GoogleStandIn } from '../support/google-stand-in';
import { startDeletionServices, type DeletionServices } from '../support/deletion-services';
import {
  acceptGrant,
  alexaRedirectUri,
  googleRedirectUri,
  syncRequest,
  createMappedThermostats,
} from '../support/assistant-fixtures';
import { createHomeHelpers } from '../support/home-helpers';
import { authorizeWithCode, discoverClient, registerClient } from '../support/oauth';
import { addVendorMember, createVendorId } from '../support/vendors';

const retryMs = 300;

export function describeAssistantFarewells(shared: SharedTestEnvironment): void {
  describe('a deleted account: Alexa and Google are told to forget the person', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    let brokerApi: BrokerApiProcess;
    let amazon: AlexaStandIn;
    let google: GoogleStandIn;
    let thermostats: TestVendor;
    let alexaClient: RegisteredOAuthClientResponse;
    let googleClient: RegisteredOAuthClientResponse;
    let helpers: ReturnType<typeof createHomeHelpers>;
    let services: DeletionServices;

    beforeAll(async () => {
      amazon = await startAlexaStandIn({ tls: false });
      google = await startGoogleStandIn();
      environment = shared.begin();
      services = await startDeletionServices(environment, 'papi_farewells');
      instance = await environment.startInstance({
        ...services.env,
        ALEXA_CLIENT_ID: amazon.clientId,
        ALEXA_CLIENT_SECRET: amazon.clientSecret,
        ALEXA_TOKEN_KEYS: JSON.stringify([{ kid: 'test-1', key: randomBytes(32).toString('base64') }]),
        ALEXA_LWA_TOKEN_URL: amazon.lwaTokenUrl,
        ALEXA_EVENT_GATEWAY_URL: amazon.eventGatewayUrl,
        GOOGLE_HOMEGRAPH_URL: google.url,
        GOOGLE_SERVICE_ACCOUNT_KEY: google.serviceAccountKey,
        // Amazon's stand-in over HTTP: one trust store keeps one of two certificates of the same subject.
        ASSISTANT_GATEWAY_CA: google.ca,
        ASSISTANT_FAREWELL_RETRY_MS: String(retryMs),
      });
      brokerApi = environment.brokerApi as BrokerApiProcess;
      thermostats = await createMappedThermostats(brokerApi);
      const assistantsVendor = createVendorId();
      const developer = await instance.createUser();
      await addVendorMember(environment.pool, assistantsVendor, developer, 'admin');
      const client: Partial<RegisterOAuthClientRequest> = {
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: ['devices:read', 'devices:write'],
      };
      alexaClient = await registerClient(instance, developer, assistantsVendor, {
        ...client,
        name: 'Alexa',
        redirectUris: [alexaRedirectUri],
      });
      googleClient = await registerClient(instance, developer, assistantsVendor, {
        ...client,
        name: 'Google Home',
        redirectUris: [googleRedirectUri],
      });
      helpers = createHomeHelpers(instance);
    }, 120_000);
    afterAll(async () => {
      await environment.close();
      await services.close();
      await google.close();
      await amazon.close();
    });

    /** Alexa's account linking and AcceptGrant: the link with Amazon's tokens; answers its refresh token. */
    async function linkAlexa(user: TestUser): Promise<string> {
      const config = await discoverClient(instance, alexaClient);
      const { tokens } = await authorizeWithCode(instance, config, user, {
        scope: 'devices:read devices:write',
        redirectUri: alexaRedirectUri,
      });
      const answer = await instance.api(
        'POST',
        '/v1/assistants/alexa',
        acceptGrant(tokens.access_token, amazon.issueGrantCode()),
      );
      expect(answer.body).toMatchObject({ event: { header: { name: 'AcceptGrant.Response' } } });
      return amazon.refreshTokens.at(-1) ?? '';
    }

    /** Google's account linking and its first SYNC, which makes the link. */
    async function linkGoogle(user: TestUser): Promise<void> {
      const config = await discoverClient(instance, googleClient, 'post');
      const { tokens } = await authorizeWithCode(instance, config, user, {
        scope: 'devices:read devices:write',
        redirectUri: googleRedirectUri,
        pkce: false,
      });
      const sync = await instance.api('POST', '/v1/assistants/google', syncRequest, tokens.access_token);
      expect(sync.status).toBe(200);
    }

    /** A new person with a home and a mapped thermostat in it. */
    async function ownerWithThermostat() {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const thermostat = await claimNewDevice(instance, brokerApi, owner, home.id, thermostats);
      return { owner, home, thermostat };
    }

    const deleteAccount = async (user: TestUser) => {
      const answer = await instance.api(
        'DELETE',
        '/v1/account',
        { currentPassword: user.password },
        user.tokens.accessToken,
      );
      expect(answer.status).toBe(204);
    };
    const waitingFarewells = async () =>
      (
        await environment.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM public_api.assistant_farewells',
        )
      ).rows[0]?.n;
    const deletionsOf = (userId: string) =>
      google.agentUserDeletions.filter((deletion) => deletion.agentUserId === userId);
    const deleteReportsOf = (deviceId: string) =>
      amazon.deleteReports.filter((report) =>
        report.body.event.payload.endpoints.some((endpoint) => endpoint.endpointId === deviceId),
      );

    it('when a person linked to both deletes their account, HomeGraph deletes the agent user and Alexa gets a DeleteReport of their devices', async () => {
      const { owner, thermostat } = await ownerWithThermostat();
      await linkAlexa(owner);
      await linkGoogle(owner);
      await deleteAccount(owner);
      await waitFor(
        () => deletionsOf(owner.id).some((deletion) => deletion.status === 200),
        'agentUsers.delete',
      );
      await waitFor(() => deleteReportsOf(thermostat.deviceId).length > 0, 'the DeleteReport');
      const [deletion, ...again] = deletionsOf(owner.id);
      expect(again).toEqual([]);
      expect(deletion).toMatchObject({ agentUserId: owner.id, status: 200 });
      expect(deletion?.requestId).toMatch(/^[0-9a-f-]{36}$/);
      const [report] = deleteReportsOf(thermostat.deviceId);
      expect(report?.body.event.payload.endpoints).toEqual([{ endpointId: thermostat.deviceId }]);
      expect(report?.body.event.payload.scope).toEqual({ type: 'BearerToken', token: report?.token });
      // Told: nothing is kept, Amazon's tokens included.
      await waitFor(async () => (await waitingFarewells()) === '0', 'the farewells removed');
    });

    it('when Amazon and Google are down at the deletion, the deletion answers and both are told once they are back', async () => {
      const { owner, thermostat } = await ownerWithThermostat();
      await linkAlexa(owner);
      await linkGoogle(owner);
      google.failNext(503, 3);
      amazon.refuseNextEvents(3, 503);
      await deleteAccount(owner);
      await waitFor(
        () => deletionsOf(owner.id).some((deletion) => deletion.status === 200),
        'agentUsers.delete after 503s',
        {
          timeoutMs: 20_000,
        },
      );
      await waitFor(() => deleteReportsOf(thermostat.deviceId).length === 1, 'the DeleteReport after 503s', {
        timeoutMs: 20_000,
      });
      // Each failed try waited for the next round; the other HomeGraph calls of the moment may take a 503 too.
      const statuses = deletionsOf(owner.id).map((deletion) => deletion.status);
      expect(statuses.at(-1)).toBe(200);
      expect(new Set(statuses.slice(0, -1))).toEqual(new Set([503]));
      expect(amazon.busyAnswers).toBeGreaterThanOrEqual(3);
      await waitFor(async () => (await waitingFarewells()) === '0', 'the farewells removed');
    });

    it('a refusal for good (the agent user unknown to Google, the skill disabled at Amazon) is not tried again', async () => {
      const owner = await instance.createUser();
      const home = await helpers.createHome(owner);
      const refreshToken = await linkAlexa(owner);
      await linkGoogle(owner);
      // The claim's AddOrUpdateReport first: refused, it would end the link before the deletion.
      const thermostat = await claimNewDevice(instance, brokerApi, owner, home.id, thermostats);
      await waitFor(
        () =>
          amazon.discoveryReports.some((report) =>
            report.body.event.payload.endpoints.some(
              (endpoint) => endpoint.endpointId === thermostat.deviceId,
            ),
          ),
        'the AddOrUpdateReport of the claim',
      );
      google.forget(owner.id);
      amazon.disableSkillFor(refreshToken);
      const refusedEvents = () =>
        amazon.eventAnswers.filter((answer) => answer.name === 'DeleteReport' && answer.status === 403);
      const before = refusedEvents().length;
      await deleteAccount(owner);
      await waitFor(
        () => deletionsOf(owner.id).length > 0 && refusedEvents().length > before,
        'both refusals',
      );
      await waitFor(async () => (await waitingFarewells()) === '0', 'the farewells removed');
      await sleep(retryMs * 4);
      expect(deletionsOf(owner.id).map((deletion) => deletion.status)).toEqual([404]);
      expect(refusedEvents().length).toBe(before + 1);
      expect(deleteReportsOf(thermostat.deviceId)).toEqual([]);
    });

    it('an account without links calls neither Amazon nor Google', async () => {
      const { owner } = await ownerWithThermostat();
      const googleCalls = google.agentUserDeletions.length;
      const amazonCalls = amazon.eventAnswers.length;
      await deleteAccount(owner);
      expect(await waitingFarewells()).toBe('0');
      await sleep(retryMs * 3);
      expect(google.agentUserDeletions.length).toBe(googleCalls);
      expect(amazon.eventAnswers.length).toBe(amazonCalls);
    });

    it("another person's links are untouched: still linked, never told, and reported to as before", async () => {
      const leaving = await ownerWithThermostat();
      const staying = await ownerWithThermostat();
      for (const { owner } of [leaving, staying]) {
        await linkAlexa(owner);
        await linkGoogle(owner);
      }
      await deleteAccount(leaving.owner);
      await waitFor(() => deletionsOf(leaving.owner.id).length > 0, 'the leaving person told');
      await waitFor(() => deleteReportsOf(leaving.thermostat.deviceId).length > 0, 'their DeleteReport');
      const links = async (table: string) =>
        (
          await environment.pool.query(`SELECT 1 FROM public_api.${table} WHERE user_id = $1`, [
            staying.owner.id,
          ])
        ).rowCount;
      expect(await links('alexa_links')).toBe(1);
      expect(await links('google_links')).toBe(1);
      expect(deletionsOf(staying.owner.id)).toEqual([]);
      expect(deleteReportsOf(staying.thermostat.deviceId)).toEqual([]);
      // Their Google still reaches HomeGraph: a rename is a Request Sync for them.
      const syncs = google.syncRequests.length;
      const renamed = await instance.api(
        'PATCH',
        `/v1/devices/${staying.thermostat.deviceId}`,
        { name: 'Hall' },
        staying.owner.tokens.accessToken,
      );
      expect(renamed.status).toBe(200);
      await waitFor(
        () => google.syncRequests.slice(syncs).some((request) => request.agentUserId === staying.owner.id),
        'a Request Sync for the person who stayed',
      );
    });
  });
}
