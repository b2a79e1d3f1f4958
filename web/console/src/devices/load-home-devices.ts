import type { PublicApiClient } from '@homeport/api-client';
import { takeData } from '../api/console-api';
import type { DeviceView } from './device-view';

/** Devices a home page reads at once (the first page of the home's devices). */
export const devicesPerPage = 50;

/**
 * A home and the first page of its devices, each as its member reads it (state, presence, features); an
 * Error saying what to do when public-api refuses or cannot be reached.
 */
export async function loadHomeDevices(api: PublicApiClient, homeId: string) {
  const whatToDo = 'Reload the page; if it persists, check that this home is still yours.';
  const path = { homeId };
  const [home, list] = await Promise.all([
    api.GET('/v1/homes/{homeId}', { params: { path } }).then((answer) => takeData(answer, whatToDo)),
    api
      .GET('/v1/homes/{homeId}/devices', { params: { path, query: { limit: devicesPerPage } } })
      .then((answer) => takeData(answer, whatToDo)),
  ]);
  const devices: DeviceView[] = await Promise.all(
    list.items.map(async (item) =>
      takeData(
        await api.GET('/v1/homes/{homeId}/devices/{deviceId}', {
          params: { path: { homeId, deviceId: item.id } },
        }),
        whatToDo,
      ),
    ),
  );
  return { home, devices, more: list.nextAfter !== undefined };
}
