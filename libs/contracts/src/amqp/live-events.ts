import {
  alertAcknowledgedV1,
  alertEscalatedV1,
  alertFiredV1,
  alertFlappingChangedV1,
  alertResolvedV1,
} from './alerts';
import { defineQueue } from './define';
import { deviceChangedV1 } from './device-lifecycle';
import { devicePresenceV1, deviceStateChangedV1 } from './messages';

/** The alerts service's events that people's live streams and webhooks carry. */
export const publicAlertMessages = [
  alertFiredV1,
  alertResolvedV1,
  alertAcknowledgedV1,
  alertEscalatedV1,
  alertFlappingChangedV1,
] as const;

/**
 * public-api's replicas compete on this queue and append each event to the log of the device's home, which
 * every replica's live streams read (apps/public-api README, "Live").
 */
export const publicApiLiveEventsQueue = defineQueue({
  name: 'public-api.live-events',
  messages: [deviceStateChangedV1, devicePresenceV1, deviceChangedV1, ...publicAlertMessages],
  description:
    "State changes, presence and alerts for the live streams of people's apps: appended once to the home's " +
    "log (Redis Streams), read by every public-api replica; with devices' changes, which drop the replicas' views.",
});
