import { alexaDirectiveExample, assistantMappingExample, type AlexaEvent } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { createAlexaService, type AlexaServiceDeps } from './alexa-service';
import type { AlexaLink } from './alexa-links';
import { toDesiredPatch } from './assistant-capabilities';
import type { AssistantDevice, AssistantDevices, AssistantDeviceState } from './assistant-devices';
import type { Caller, TokenAuthenticator, UserCaller } from './callers';

const now = new Date('2026-12-04T12:00:10.000Z');
const reportedAt = new Date('2026-12-04T12:00:00.000Z');

const thermostat: AssistantDevice = {
  id: 'endpoint-001',
  vendorId: 'acme',
  productId: 'acme-t1',
  homeId: 'home-1',
  name: 'Thermostat',
  productName: 'Acme T1',
  mapping: assistantMappingExample,
  online: true,
};

/** The port as its contract says: Ada's devices only; offline refused before any change; ranges checked. */
function createDevices(options: {
  online: boolean;
  confirms: boolean;
}): AssistantDevices & { changes: unknown[] } {
  const device = { ...thermostat, online: options.online };
  const state: AssistantDeviceState = {
    device,
    values: { targetTemperature: 19, currentTemperature: 20.5, thermostatMode: 'heat' },
    reportedAt,
  };
  const changes: unknown[] = [];
  const visible = (caller: UserCaller, id: string) => caller.userId === 'ada' && id === device.id;
  return {
    changes,
    list: (caller) => Promise.resolve(caller.userId === 'ada' ? [device] : []),
    read: (caller, ids) =>
      Promise.resolve(new Map(ids.filter((id) => visible(caller, id)).map((id) => [id, state]))),
    change(caller, id, change) {
      if (!visible(caller, id)) throw new AppError('not_found', 'DEVICE_NOT_FOUND', 'no such device');
      if (!device.online) throw new AppError('unavailable', 'DEVICE_OFFLINE', 'the device is offline');
      changes.push(toDesiredPatch(device.mapping, change));
      const confirmed = options.confirms;
      const values = confirmed ? { ...state.values, ...change } : state.values;
      return Promise.resolve({
        state: { ...state, values, reportedAt: confirmed ? now : reportedAt },
        confirmed,
      });
    },
  };
}

const tokens: Record<string, Caller | AppError> = {
  hpo_ada: {
    kind: 'user',
    userId: 'ada',
    credential: { kind: 'oauth', clientId: 'alexa-client', grantId: 'grant-ada' },
    scopes: new Set(['devices:read', 'devices:write']),
    address: '',
  },
  hpo_bob: {
    kind: 'user',
    userId: 'bob',
    credential: { kind: 'oauth', clientId: 'alexa-client', grantId: 'grant-bob' },
    scopes: new Set(['devices:read', 'devices:write']),
    address: '',
  },
  hpo_expired: new AppError('unauthenticated', 'ACCESS_TOKEN_EXPIRED', 'the access token has expired'),
};

const authenticator: TokenAuthenticator = {
  recognizes: (token) => token.startsWith('hpo_'),
  authenticate(token) {
    const found = tokens[token] ?? new AppError('unauthenticated', 'ACCESS_TOKEN_INVALID', 'not valid');
    return found instanceof AppError ? Promise.reject(found) : Promise.resolve(found);
  },
};

function createService(
  options: { online?: boolean; confirms?: boolean; lwa?: AlexaServiceDeps['lwa'] } = {},
) {
  const devices = createDevices({ online: options.online ?? true, confirms: options.confirms ?? true });
  const saved: AlexaLink[] = [];
  const service = createAlexaService({
    devices,
    authenticator,
    links: {
      save: (link) => Promise.resolve(void saved.push(link)),
      findForHome: () => Promise.resolve([]),
      updateTokens: () => Promise.resolve(),
      remove: () => Promise.resolve(),
    },
    lwa: options.lwa,
    findTokenGrant: () => Promise.resolve(undefined),
    revokeClient: () => Promise.resolve(),
    clock: { now: () => now },
  });
  return { service, devices, saved };
}

/** Amazon's SetTargetTemperature example (the contract's), to the test's endpoint with `token` and `value`. */
const setTargetTemperature = (token: string, value: number) => ({
  directive: {
    ...alexaDirectiveExample.directive,
    endpoint: { scope: { type: 'BearerToken', token }, endpointId: 'endpoint-001', cookie: {} },
    payload: { targetSetpoint: { value, scale: 'CELSIUS' } },
  },
});

/** The Response's setpoint property for 21 °C, sampled now. */
const setpointOf21 = (uncertaintyInMilliseconds: number) => ({
  namespace: 'Alexa.ThermostatController',
  name: 'targetSetpoint',
  value: { value: 21, scale: 'CELSIUS' },
  timeOfSample: now.toISOString(),
  uncertaintyInMilliseconds,
});
const propertiesOf = (answer: unknown) => (answer as AlexaEvent).context?.properties ?? [];
const payloadOf = (answer: unknown) =>
  (answer as { event: { payload: Record<string, unknown> } }).event.payload;
const headerOf = (answer: unknown) => (answer as { event: { header: Record<string, unknown> } }).event.header;

describe('Alexa directives', () => {
  it('ReportState answers a StateReport sampled at the last report, uncertain by its age (sample_messages/StateReport)', async () => {
    const { service } = createService();
    const answer = await service.handle(
      {
        directive: {
          header: {
            namespace: 'Alexa',
            name: 'ReportState',
            payloadVersion: '3',
            messageId: '1bd5d003-31b9-476f-ad03-71d471922820',
            correlationToken: 'dFMb0z+PgpgdDmluhJ1LddFvSqZ/jCc8ptlAKulUj90jSqg==',
          },
          endpoint: {
            endpointId: 'endpoint-001',
            cookie: {},
            scope: { type: 'BearerToken', token: 'hpo_ada' },
          },
          payload: {},
        },
      },
      '203.0.113.9',
    );
    expect(headerOf(answer)).toMatchObject({
      namespace: 'Alexa',
      name: 'StateReport',
      correlationToken: 'dFMb0z+PgpgdDmluhJ1LddFvSqZ/jCc8ptlAKulUj90jSqg==',
    });
    const sampled = { timeOfSample: '2026-12-04T12:00:00.000Z', uncertaintyInMilliseconds: 10_000 };
    expect((answer as { context: unknown }).context).toEqual({
      properties: [
        {
          namespace: 'Alexa.ThermostatController',
          name: 'targetSetpoint',
          value: { value: 19, scale: 'CELSIUS' },
          ...sampled,
        },
        { namespace: 'Alexa.ThermostatController', name: 'thermostatMode', value: 'HEAT', ...sampled },
        {
          namespace: 'Alexa.TemperatureSensor',
          name: 'temperature',
          value: { value: 20.5, scale: 'CELSIUS' },
          ...sampled,
        },
        {
          namespace: 'Alexa.EndpointHealth',
          name: 'connectivity',
          value: { value: 'OK' },
          timeOfSample: now.toISOString(),
          uncertaintyInMilliseconds: 0,
        },
      ],
    });
  });

  it('when the device confirms, SetTargetTemperature answers a Response with the confirmed setpoint', async () => {
    const { service, devices } = createService();
    const answer = await service.handle(setTargetTemperature('hpo_ada', 21), '');
    expect(devices.changes).toEqual([{ setpoint: 21 }]);
    expect(headerOf(answer)).toMatchObject({ namespace: 'Alexa', name: 'Response' });
    expect(propertiesOf(answer)[0]).toEqual(setpointOf21(0));
  });

  it('when the device does not confirm in time, the Response carries the accepted 21, uncertain since its last report', async () => {
    const { service } = createService({ confirms: false });
    const answer = await service.handle(setTargetTemperature('hpo_ada', 21), '');
    expect(propertiesOf(answer)[0]).toEqual(setpointOf21(10_000));
  });

  it('out of range answers TEMPERATURE_VALUE_OUT_OF_RANGE with the valid range in the device scale, changing nothing', async () => {
    const { service, devices } = createService();
    const answer = await service.handle(setTargetTemperature('hpo_ada', -15), '');
    // sample_messages/ErrorResponse/ErrorResponse.General.TEMPERATURE_VALUE_OUT_OF_RANGE.json
    expect(headerOf(answer)).toMatchObject({ namespace: 'Alexa', name: 'ErrorResponse' });
    expect(payloadOf(answer)).toEqual({
      type: 'TEMPERATURE_VALUE_OUT_OF_RANGE',
      message: 'targetTemperature must be between 5 and 30',
      validRange: {
        minimumValue: { value: 5, scale: 'CELSIUS' },
        maximumValue: { value: 30, scale: 'CELSIUS' },
      },
    });
    expect(devices.changes).toEqual([]);
  });

  it('offline → ENDPOINT_UNREACHABLE; expired → EXPIRED_AUTHORIZATION_CREDENTIAL; another person → NO_SUCH_ENDPOINT', async () => {
    const offline = createService({ online: false });
    expect(payloadOf(await offline.service.handle(setTargetTemperature('hpo_ada', 21), '')).type).toBe(
      'ENDPOINT_UNREACHABLE',
    );
    expect(offline.devices.changes).toEqual([]);
    const { service } = createService();
    expect(payloadOf(await service.handle(setTargetTemperature('hpo_expired', 21), '')).type).toBe(
      'EXPIRED_AUTHORIZATION_CREDENTIAL',
    );
    expect(payloadOf(await service.handle(setTargetTemperature('hpo_unknown', 21), '')).type).toBe(
      'INVALID_AUTHORIZATION_CREDENTIAL',
    );
    expect(payloadOf(await service.handle(setTargetTemperature('hpo_bob', 21), '')).type).toBe(
      'NO_SUCH_ENDPOINT',
    );
  });

  it('a body that is not a v3 directive answers INVALID_DIRECTIVE, keeping the correlation token it had', async () => {
    const { service } = createService();
    const v2 = setTargetTemperature('hpo_ada', 21);
    const answer = await service.handle(
      { directive: { ...v2.directive, header: { ...v2.directive.header, payloadVersion: '2' } } },
      '',
    );
    expect(payloadOf(answer).type).toBe('INVALID_DIRECTIVE');
    expect(headerOf(answer).correlationToken).toBe('dFMb0z+PgpgdDmluhJ1LddFvSqZ/jCc8ptlAKulUj90jSqg==');
    expect(payloadOf(await service.handle('not even an object', '')).type).toBe('INVALID_DIRECTIVE');
  });

  it('without the skill’s Login with Amazon credentials, AcceptGrant answers ACCEPT_GRANT_FAILED and keeps no link', async () => {
    const { service, saved } = createService();
    // sample_messages/Authorization/Authorization.AcceptGrant.request.json
    const answer = await service.handle(
      {
        directive: {
          header: {
            namespace: 'Alexa.Authorization',
            name: 'AcceptGrant',
            payloadVersion: '3',
            messageId: '1bd5d003-31b9-476f-ad03-71d471922820',
          },
          payload: {
            grant: { type: 'OAuth2.AuthorizationCode', code: 'ANUbUKCJqlBOpMhwYWxU' },
            grantee: { type: 'BearerToken', token: 'hpo_ada' },
          },
        },
      },
      '',
    );
    expect(headerOf(answer)).toMatchObject({ namespace: 'Alexa.Authorization', name: 'ErrorResponse' });
    expect(payloadOf(answer).type).toBe('ACCEPT_GRANT_FAILED');
    expect(saved).toEqual([]);
  });
});
