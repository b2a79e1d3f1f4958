import { assistantMappingExample, type GoogleSmartHomeRequest } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { readCapabilityValues, toDesiredPatch, type CapabilityChange } from './assistant-capabilities';
import type { AssistantDevice, AssistantDevices, AssistantDeviceState } from './assistant-devices';
import type { UserCaller } from './callers';
import { createGoogleFulfillment } from './google-fulfillment';
import type { GoogleLinks } from './google-links';

/** A home of thermostats in memory: a device that "confirms" holds what it was sent, the others stay silent. */
function createHome(devices: { id: string; online: boolean; confirms: boolean }[]) {
  const reported = new Map(devices.map(({ id }) => [id, { setpoint: 20, temperature: 19.5, mode: 'heat' }]));
  const changes: { id: string; change: CapabilityChange }[] = [];
  const toDevice = ({ id, online }: { id: string; online: boolean }): AssistantDevice => ({
    id,
    vendorId: 'acme',
    productId: 'thermostat',
    homeId: 'home-1',
    name: id,
    productName: 'Acme Thermostat',
    mapping: assistantMappingExample,
    online,
  });
  const stateOf = (id: string, state: Record<string, unknown>): AssistantDeviceState => {
    const device = devices.find((one) => one.id === id);
    if (device === undefined) throw new Error(id);
    return {
      device: toDevice(device),
      values: readCapabilityValues(assistantMappingExample, state),
      reportedAt: null,
    };
  };
  const port: AssistantDevices = {
    list: () => Promise.resolve(devices.map(toDevice)),
    read: (_caller, ids) =>
      Promise.resolve(
        new Map(ids.filter((id) => reported.has(id)).map((id) => [id, stateOf(id, reported.get(id) ?? {})])),
      ),
    change(_caller, id, change) {
      const device = devices.find((one) => one.id === id);
      if (device === undefined) return Promise.reject(new AppError('not_found', 'DEVICE_NOT_FOUND', 'no'));
      const patch = toDesiredPatch(assistantMappingExample, change);
      changes.push({ id, change });
      const state = { ...reported.get(id), ...patch };
      if (device.confirms) reported.set(id, state as never);
      return Promise.resolve({
        state: stateOf(id, device.confirms ? state : (reported.get(id) ?? {})),
        confirmed: device.confirms,
      });
    },
  };
  return { port, changes };
}

const links: GoogleLinks = {
  saveSync: () => Promise.resolve(),
  remove: () => Promise.resolve(),
  removeUser: () => Promise.resolve(),
  listForHome: () => Promise.resolve([]),
  listForDevice: () => Promise.resolve([]),
};
const caller = (scopes: string[]): UserCaller => ({
  kind: 'user',
  userId: 'user-1',
  credential: { kind: 'oauth', clientId: 'google', grantId: 'grant-1' },
  scopes: new Set(scopes) as UserCaller['scopes'],
  address: '127.0.0.1',
});
const execute = (ids: string[], ...execution: { command: string; params: Record<string, unknown> }[]) =>
  ({
    requestId: 'ff36a3cc-ec34-11e6-b1a0-64510650abcf',
    inputs: [
      {
        intent: 'action.devices.EXECUTE',
        payload: { commands: [{ devices: ids.map((id) => ({ id })), execution }] },
      },
    ],
  }) as GoogleSmartHomeRequest;
const setpoint = (celsius: number) => ({
  command: 'action.devices.commands.ThermostatTemperatureSetpoint',
  params: { thermostatTemperatureSetpoint: celsius },
});
const mode = (thermostatMode: string) => ({
  command: 'action.devices.commands.ThermostatSetMode',
  params: { thermostatMode },
});

describe('Google fulfillment: EXECUTE outcomes', () => {
  const fulfillmentOf = (port: AssistantDevices) =>
    createGoogleFulfillment({
      devices: port,
      links,
      authorizations: { revoke: () => Promise.resolve() },
      clock: { now: () => new Date() },
    });

  it('a device that confirms is SUCCESS, one that has not yet is PENDING with the accepted value, an offline one OFFLINE untouched', async () => {
    const { port, changes } = createHome([
      { id: 'kitchen', online: true, confirms: true },
      { id: 'attic', online: true, confirms: false },
      { id: 'garage', online: false, confirms: true },
    ]);
    const answer = await fulfillmentOf(port).fulfill(
      caller(['devices:read', 'devices:write']),
      execute(['kitchen', 'attic', 'garage'], setpoint(21), mode('eco')),
    );
    const states = {
      online: true,
      thermostatMode: 'eco',
      thermostatTemperatureSetpoint: 21,
      thermostatTemperatureAmbient: 19.5,
    };
    expect(answer).toEqual({
      requestId: 'ff36a3cc-ec34-11e6-b1a0-64510650abcf',
      payload: {
        commands: [
          { ids: ['kitchen'], status: 'SUCCESS', states },
          { ids: ['attic'], status: 'PENDING', states },
          { ids: ['garage'], status: 'OFFLINE', errorCode: 'deviceOffline' },
        ],
      },
    });
    // The two executions of the command reach each online device as one change.
    expect(changes).toEqual([
      { id: 'kitchen', change: { targetTemperature: 21, thermostatMode: 'eco' } },
      { id: 'attic', change: { targetTemperature: 21, thermostatMode: 'eco' } },
    ]);
  });

  it('a mode the product lacks is notSupported; without devices:write, EXECUTE is refused before any change', async () => {
    const { port, changes } = createHome([{ id: 'kitchen', online: true, confirms: true }]);
    const fulfillment = fulfillmentOf(port);
    const answer = await fulfillment.fulfill(
      caller(['devices:read', 'devices:write']),
      execute(['kitchen'], mode('cool')),
    );
    expect(answer).toMatchObject({
      payload: { commands: [{ ids: ['kitchen'], status: 'ERROR', errorCode: 'notSupported' }] },
    });
    await expect(
      fulfillment.fulfill(caller(['devices:read']), execute(['kitchen'], setpoint(21))),
    ).rejects.toMatchObject({
      code: 'TOKEN_SCOPE_INSUFFICIENT',
    });
    expect(changes).toEqual([]);
  });
});
