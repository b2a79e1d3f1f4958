import { defineQueue } from './define';
import { deviceChangedV1 } from './device-lifecycle';
import { devicePresenceV1, deviceStateChangedV1 } from './messages';

/**
 * public-api's replicas compete on this queue and append each event to the log of the device's home, which
 * every replica's live streams read (apps/public-api README, "Live").
 */
export const publicApiLiveEventsQueue = defineQueue({
  name: 'public-api.live-events',
  messages: [deviceStateChangedV1, devicePresenceV1, deviceChangedV1],
  description:
    "State changes and presence for the live streams of people's apps: appended once to the home's log " +
    "(Redis Streams), read by every public-api replica; with devices' changes, which drop the replicas' views.",
});
