import { accountEmailsQueue } from './account-notifications';
import { alertEscalatedV1, alertFiredV1, alertFlappingChangedV1, alertResolvedV1 } from './alerts';
import { analyticsEventsQueue } from './analytics';
import { defineQueue, onlySubkeys } from './define';
import { homeMemberArrivedV1, homeMemberLeftV1, userZoneEnteredV1, userZoneLeftV1 } from './home-presence';
import { geofencingLocationFixesQueue, geofencingUserDeletionsQueue } from './location-fixes';
import { deviceChangedV1, deviceCredentialIssuedV1, deviceDeletedV1 } from './device-lifecycle';
import { notificationRecipientsQueue, notificationRequestsQueue } from './notifications';
import { publicAlertMessages, publicApiLiveEventsQueue } from './live-events';
import { webhookDeliveriesQueue, webhookEndpointsQueue } from './webhooks';
import { deviceCommandFinishedV1 } from './device-commands';
import {
  deviceEventV1,
  devicePresenceV1,
  deviceReportedV1,
  deviceStateChangedV1,
  deviceTelemetryRecordedV1,
  deviceTelemetryV1,
} from './messages';

/** The ingest work queue: state-workers replicas compete on it. */
export const stateWorkersQueue = defineQueue({
  name: 'state-workers.device-messages',
  // The lifecycle events share the queue with the reports: published before the change commits, they are
  // queued ahead of anything the device sends under its new identity or credential.
  messages: [deviceReportedV1, deviceTelemetryV1, deviceEventV1, deviceDeletedV1, deviceCredentialIssuedV1],
  description:
    'Device messages to store: current state (PostgreSQL, Redis) and time series (InfluxDB); device ' +
    'deletions and new credentials, which reset what the stored state keeps and how it orders reports.',
});

/** The events public-api matches against webhook endpoints (replicas compete; each event is matched once). */
export const webhookEventsQueue = defineQueue({
  name: 'public-api.webhook-events',
  messages: [deviceStateChangedV1, devicePresenceV1, deviceCommandFinishedV1, ...publicAlertMessages],
  description:
    'Device events and alerts matched against the webhook endpoints of owners, vendors and OAuth clients.',
});

/**
 * What alerts evaluates. Single active consumer: one replica at a time reads it, in order, and keeps the
 * rules' per-device state in memory; the others stand by and take over when it goes (apps/alerts README).
 */
export const alertsDeviceEventsQueue = defineQueue({
  name: 'alerts.device-events',
  // device.changed shares the queue so that it is handled in order with the device's readings: the ones
  // after an ownership change are evaluated against the new home's rules. Only ownership: alerts caches a
  // device's home and product, and neither a rename nor a desired state changes them.
  messages: [
    deviceStateChangedV1,
    deviceTelemetryRecordedV1,
    devicePresenceV1,
    deviceEventV1,
    deviceChangedV1,
  ],
  only: [onlySubkeys(deviceChangedV1, ['ownership'])],
  singleActiveConsumer: true,
  description:
    'Stored state changes, recorded telemetry, presence and device events, evaluated against alert rules ' +
    '(thresholds, offline, no data) by one active replica at a time; device changes, which drop its cached ' +
    'home and product.',
});

/**
 * The alert events public-api turns into notification requests for the people of the alert's home (its
 * members and their roles are public-api's); the replicas compete, each event is handled once.
 */
export const publicApiAlertNotificationsQueue = defineQueue({
  name: 'public-api.alert-notifications',
  messages: [alertFiredV1, alertResolvedV1, alertEscalatedV1, alertFlappingChangedV1],
  description:
    "Alert events turned into notification.requested for the home's owners (fired), other members " +
    '(escalated), those told (resolved) and one flapping notice.',
});

/**
 * The presence events public-api turns into notification requests: a member's arrival or departure for the
 * home's other members (who they are is public-api's), a user's own zone for that user; the replicas compete.
 */
export const publicApiPresenceNotificationsQueue = defineQueue({
  name: 'public-api.presence-notifications',
  messages: [homeMemberArrivedV1, homeMemberLeftV1, userZoneEnteredV1, userZoneLeftV1],
  description:
    "Arrivals and departures turned into notification.requested (category presence) for the home's other " +
    'members; entering or leaving a zone of their own (category geofence) for the user, when its notify is set.',
});

/**
 * The device events public-api turns into Alexa ChangeReports for the linked members of the device's home
 * (replicas compete; each event is reported once).
 */
export const alexaChangeReportsQueue = defineQueue({
  name: 'public-api.alexa-change-reports',
  messages: [deviceStateChangedV1, devicePresenceV1, deviceChangedV1],
  only: [onlySubkeys(deviceChangedV1, ['ownership', 'details'])],
  description:
    "State changes and presence sent as ChangeReports to Alexa's event gateway, and claims, moves in and " +
    'renames as Discovery AddOrUpdateReports, for each member of the ' +
    "device's home who linked Alexa; a gateway that is busy or failing is retried, then dead-lettered.",
});

/**
 * What public-api reports to Google's HomeGraph for the linked users of a device's home: state and presence
 * (Report State), claims, releases and renames (Request Sync). Replicas compete; HomeGraph's 429 and 5xx are
 * retried with the bus's backoff, then dead-lettered.
 */
export const googleHomeGraphQueue = defineQueue({
  name: 'public-api.google-home-graph',
  messages: [deviceStateChangedV1, devicePresenceV1, deviceChangedV1],
  only: [onlySubkeys(deviceChangedV1, ['ownership', 'details'])],
  description:
    "Device state, presence and device changes turned into Google HomeGraph calls (Report State, Request Sync) for the device's home members who linked Google Home.",
});

/** Every work queue, for topology and docs. */
export const allQueues = [
  stateWorkersQueue,
  accountEmailsQueue,
  notificationRequestsQueue,
  notificationRecipientsQueue,
  publicApiLiveEventsQueue,
  webhookDeliveriesQueue,
  webhookEventsQueue,
  webhookEndpointsQueue,
  googleHomeGraphQueue,
  alertsDeviceEventsQueue,
  publicApiAlertNotificationsQueue,
  publicApiPresenceNotificationsQueue,
  alexaChangeReportsQueue,
  geofencingLocationFixesQueue,
  geofencingUserDeletionsQueue,
  analyticsEventsQueue,
] as const;

/** A queue no service reads any more: the services that declared it delete it (with its dead-letter and retry queues). */
export interface RetiredQueue {
  readonly name: string;
  /** The service whose bus deletes it when it connects. */
  readonly deletedBy: string;
  readonly reason: string;
}

/**
 * Queues once declared and bound, now retired. A bound queue without a consumer would keep every message
 * routed to it, so its former owner deletes it; names are persistent state, so they stay listed here.
 */
export const retiredQueues: readonly RetiredQueue[] = [
  {
    name: 'broker-api.reported-state',
    deletedBy: 'broker-api',
    reason:
      "broker-api's copy of the reported state (session 29): the shadow reads state-workers' cached current " +
      'state instead (`buildDeviceStateCacheKey`), so state-workers is its only owner.',
  },
];
