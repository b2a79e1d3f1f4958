import {
  buildDeviceTopicFilter,
  deviceTopicKinds,
  directionOf,
  parseDeviceTopic,
  type DeviceTopic,
  type DeviceTopicKind,
} from '@homeport/contracts';
import type { DeviceIdentity, MqttIdentity } from './mqtt-identity';
import { allowed, refused, type Decision } from './refusal';

/** The outcome of a topic check for a publish: the parsed topic when allowed. */
export type PublishTopicDecision =
  { readonly allowed: true; readonly topic: DeviceTopic } | Extract<Decision, { allowed: false }>;

const cloudToDeviceKinds = deviceTopicKinds.filter((kind) => directionOf(kind) === 'cloudToDevice');
/** Services read what devices send and the broker's presence; commands and desired state go through HTTP. */
const serviceReadableKinds = deviceTopicKinds.filter((kind) => directionOf(kind) !== 'cloudToDevice');
const serviceFilters = new Set(serviceReadableKinds.map((kind) => buildDeviceTopicFilter(kind)));
const sharedSubscriptionPrefix = '$share/';

function isOwnTopic(topic: DeviceTopic, device: DeviceIdentity): boolean {
  return topic.vendorId === device.vendorId && topic.deviceId === device.deviceId;
}

/** A device may publish only to its own device-to-cloud topics; services publish nothing. */
export function authorizePublishTopic(identity: MqttIdentity, topicName: string): PublishTopicDecision {
  if (identity.kind !== 'device') return { allowed: false, reason: 'not_authorized' };
  const topic = parseDeviceTopic(topicName);
  if (topic === undefined || !isOwnTopic(topic, identity) || directionOf(topic.kind) !== 'deviceToCloud') {
    return { allowed: false, reason: 'not_authorized' };
  }
  return { allowed: true, topic };
}

function isConcreteTopicOf(filter: string, kinds: readonly DeviceTopicKind[], device?: DeviceIdentity) {
  const topic = parseDeviceTopic(filter);
  if (topic === undefined || !kinds.includes(topic.kind)) return false;
  return device === undefined || isOwnTopic(topic, device);
}

/**
 * A device may subscribe only to the filters of its own cloud-to-device topics (desired, delta, commands),
 * exactly as `buildDeviceTopicFilter` builds them, or to one such concrete topic. A service may subscribe to
 * the all-devices filter of any device-to-cloud or presence topic kind, or to one concrete such topic.
 * Shared subscriptions (`$share/...`) are refused: aedes 1.2 does not implement them and would grant the
 * subscription and never deliver anything to it.
 */
export function authorizeSubscription(identity: MqttIdentity, filter: string): Decision {
  if (identity.kind === 'service') {
    if (filter.startsWith(sharedSubscriptionPrefix)) return refused('shared_subscription_unsupported');
    return serviceFilters.has(filter) || isConcreteTopicOf(filter, serviceReadableKinds)
      ? allowed
      : refused('not_authorized');
  }
  const address = { vendorId: identity.vendorId, deviceId: identity.deviceId };
  const ownFilters = cloudToDeviceKinds.map((kind) => buildDeviceTopicFilter(kind, address));
  return ownFilters.includes(filter) || isConcreteTopicOf(filter, cloudToDeviceKinds, identity)
    ? allowed
    : refused('not_authorized');
}
