import type {
  deviceChangedV1,
  devicePresenceV1,
  deviceStateChangedV1,
  GoogleDeviceStates,
  MessagePayload,
} from '@homeport/contracts';
import { readCapabilityValues } from './assistant-capabilities';
import type { AssistantDevices, AssistantDeviceState } from './assistant-devices';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import type { GoogleLink, GoogleLinks } from './google-links';
import { toGoogleStates } from './google-traits';
import { homeOfPresence, type DeviceHomes } from './live-events';

/**
 * Google's HomeGraph API (https://developers.home.google.com/cloud-to-cloud/integration/report-state and
 * .../request-sync). `unknown-user`: HomeGraph has no such agentUserId (404: the user unlinked in Google).
 * Throws AppError unavailable for what is worth retrying (429, 5xx, no answer), another kind otherwise.
 */
export interface HomeGraph {
  reportState(
    agentUserId: string,
    requestId: string,
    states: Readonly<Record<string, GoogleDeviceStates>>,
  ): Promise<'reported' | 'unknown-user'>;
  requestSync(agentUserId: string): Promise<'requested' | 'unknown-user'>;
  /** agentUsers.delete (.../reference/home-graph/rest/v1/agentUsers/delete): Google forgets the user and their devices. */
  deleteAgentUser(agentUserId: string, requestId: string): Promise<'deleted' | 'unknown-user'>;
}

type StateChanged = MessagePayload<typeof deviceStateChangedV1>;
type Presence = MessagePayload<typeof devicePresenceV1>;
type DeviceChanged = MessagePayload<typeof deviceChangedV1>;

/** One link per user: a user linked twice (two grants) is one agentUserId to HomeGraph. */
function onePerUser(links: readonly GoogleLink[]): GoogleLink[] {
  return [...new Map(links.map((link) => [link.userId, link])).values()];
}

/** The linked user as the caller of the device reads: what their grant may see, nothing more. */
const callerOf = (link: GoogleLink): UserCaller => ({
  kind: 'user',
  userId: link.userId,
  credential: { kind: 'oauth', clientId: link.clientId, grantId: link.grantId },
  scopes: new Set(['devices:read']),
  address: 'google-home-graph',
});

/**
 * Reports to HomeGraph what homeport.events says about devices, for the users who linked Google Home: the
 * live links of the device's home members. State and presence → Report State; a claim, release, transfer
 * or rename → Request Sync (also to the links whose last SYNC listed the device, which it may have left).
 */
export function createGoogleHomeGraphReports(deps: {
  devices: AssistantDevices;
  links: GoogleLinks;
  homeGraph: HomeGraph;
  deviceHomes: DeviceHomes;
  clock: Clock;
}) {
  const { devices, links, homeGraph, deviceHomes, clock } = deps;

  async function linksOfHome(homeId: string | undefined): Promise<GoogleLink[]> {
    return homeId === undefined ? [] : links.listForHome(homeId, clock.now());
  }

  /** Reports to the links of the device's home: the one it is in now, or the one the event names (`homeOf`). */
  async function report(
    deviceId: string,
    requestId: string,
    toStates: (state: AssistantDeviceState) => GoogleDeviceStates,
    homeOf = () => deviceHomes.homeOf(deviceId),
  ): Promise<void> {
    for (const link of onePerUser(await linksOfHome(await homeOf()))) {
      // Unmapped products are not exposed: the read leaves them out, and nothing is reported.
      const state = (await devices.read(callerOf(link), [deviceId])).get(deviceId);
      if (state === undefined) continue;
      const outcome = await homeGraph.reportState(link.userId, requestId, { [deviceId]: toStates(state) });
      if (outcome === 'unknown-user') await links.removeUser(link.userId);
    }
  }

  return {
    /** Report State with the new values (from the event: the stored copies may not have them yet). */
    stateChanged(event: StateChanged, messageId: string): Promise<void> {
      return report(event.deviceId, messageId, ({ device }) =>
        toGoogleStates(device.mapping, readCapabilityValues(device.mapping, event.state), device.online),
      );
    },

    /** Report State with `online` from the event and the last values. */
    presence(event: Presence, messageId: string): Promise<void> {
      return report(
        event.deviceId,
        messageId,
        ({ device, values }) => toGoogleStates(device.mapping, values, event.status === 'online'),
        () => homeOfPresence(deviceHomes, event),
      );
    },

    /** Request Sync for a claim, release, transfer or rename; a desired-state change is no news to SYNC. */
    async deviceChanged(event: DeviceChanged): Promise<void> {
      if (event.change === 'desired') return;
      const homeId =
        event.change === 'ownership' && typeof event.ownerId === 'string'
          ? event.ownerId
          : await deviceHomes.homeOf(event.deviceId);
      const now = clock.now();
      const affected = [...(await linksOfHome(homeId)), ...(await links.listForDevice(event.deviceId, now))];
      for (const link of onePerUser(affected)) {
        if ((await homeGraph.requestSync(link.userId)) === 'unknown-user')
          await links.removeUser(link.userId);
      }
    },
  };
}

/** The HomeGraph reports' use cases. */
export type GoogleHomeGraphReports = ReturnType<typeof createGoogleHomeGraphReports>;
