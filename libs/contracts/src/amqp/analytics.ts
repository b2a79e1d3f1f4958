import { alertFiredV1 } from './alerts';
import { defineQueue } from './define';
import { deviceCommandFinishedV1 } from './device-commands';
import {
  deviceChangedV1,
  deviceCredentialIssuedV1,
  deviceDeletedV1,
  deviceRegisteredV1,
} from './device-lifecycle';
import { deviceEventV1, devicePresenceV1, deviceStateChangedV1, deviceTelemetryRecordedV1 } from './messages';

/**
 * What analytics keeps as facts for fleet metrics and reports. Replicas compete: every fact is written once
 * whatever the order or the number of deliveries (message ids, or natural keys; apps/analytics README).
 * `device.event` is bound on the ingest exchange (it is not republished on homeport.events), like alerts'.
 */
export const analyticsEventsQueue = defineQueue({
  name: 'analytics.events',
  messages: [
    deviceRegisteredV1,
    deviceDeletedV1,
    deviceCredentialIssuedV1,
    deviceChangedV1,
    deviceCommandFinishedV1,
    devicePresenceV1,
    deviceStateChangedV1,
    deviceTelemetryRecordedV1,
    deviceEventV1,
    alertFiredV1,
  ],
  description:
    'Devices provisioned, deleted, credentialed and claimed; desired changes and commands (who asked); ' +
    'presence; stored state, telemetry and device events; alerts fired: the facts of fleet metrics, product ' +
    'analytics and reports.',
});
