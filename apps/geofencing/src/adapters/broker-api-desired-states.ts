import type { BrokerDesiredStateRequest, DeviceViewResponse } from '@homeport/contracts';
import { isAppError } from '@homeport/errors';
import type { InternalApiSend } from '@homeport/http';
import type { DesiredStates } from '../domain/automations';

/**
 * Devices' desired state through broker-api's internal API: `GET /devices/:deviceId/view` (its home, desired
 * and reported state in one read) and `PATCH /devices/:deviceId/desired` (a merge patch, stored and published
 * retained on the device's desired topic, so an offline device gets it when it reconnects). Every change is
 * an automation's, and says so (`source`), for analytics' feature usage.
 */
export function createBrokerApiDesiredStates(send: InternalApiSend): DesiredStates {
  const path = (deviceId: string, rest: string) => `/devices/${encodeURIComponent(deviceId)}/${rest}`;
  return {
    async read(deviceId) {
      let view: DeviceViewResponse;
      try {
        view = await send<DeviceViewResponse>('GET', path(deviceId, 'view'));
      } catch (error) {
        if (isAppError(error) && error.kind === 'not_found') return undefined;
        throw error;
      }
      return {
        homeId: view.ownerId,
        desired: view.shadow.desired.state,
        reported: view.shadow.reported?.state ?? {},
      };
    },
    async merge(deviceId, patch) {
      const body: BrokerDesiredStateRequest = { state: { ...patch }, source: 'automation' };
      await send('PATCH', path(deviceId, 'desired'), { body });
    },
  };
}
