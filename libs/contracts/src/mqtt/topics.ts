import { isValidId } from '../ids';

/**
 * The MQTT topic tree for devices: `homeport/v1/{vendorId}/{deviceId}/{channel}`. Each device may publish only
 * to its own `deviceToCloud` channels and subscribe only to its own `cloudToDevice` channels.
 */
export const topicRoot = 'homeport/v1';

const channels = {
  reported: { path: ['state', 'reported'], direction: 'deviceToCloud' },
  telemetry: { path: ['telemetry'], direction: 'deviceToCloud' },
  event: { path: ['events'], direction: 'deviceToCloud' },
  stateRequest: { path: ['state', 'get'], direction: 'deviceToCloud' },
  commandAck: { path: ['commands', '{commandId}', 'ack'], direction: 'deviceToCloud' },
  desired: { path: ['state', 'desired'], direction: 'cloudToDevice' },
  delta: { path: ['state', 'delta'], direction: 'cloudToDevice' },
  command: { path: ['commands', '{commandId}'], direction: 'cloudToDevice' },
  presence: { path: ['presence'], direction: 'brokerToCloud' },
} as const;

/** A kind of device topic. */
export type DeviceTopicKind = keyof typeof channels;

/** Who publishes on a kind of topic: the device, the cloud, or the broker on the device's behalf (last will). */
export type TopicDirection = (typeof channels)[DeviceTopicKind]['direction'];

/** The parts that identify one concrete device topic. */
export interface DeviceTopicAddress {
  readonly vendorId: string;
  readonly deviceId: string;
  /** Only for `command` and `commandAck`. */
  readonly commandId?: string;
}

/** A parsed device topic. */
export interface DeviceTopic extends DeviceTopicAddress {
  readonly kind: DeviceTopicKind;
}

/** Every topic kind with its direction, for docs and for authorization tables. */
export const deviceTopicKinds = Object.keys(channels) as DeviceTopicKind[];

/** The direction of a topic kind. */
export function directionOf(kind: DeviceTopicKind): TopicDirection {
  return channels[kind].direction;
}

/** True when the kind's path has a commandId level. */
function hasCommandId(kind: DeviceTopicKind): boolean {
  return (channels[kind].path as readonly string[]).includes('{commandId}');
}

/** Builds the concrete topic; throws when an id is not a valid topic level. */
export function buildDeviceTopic(kind: DeviceTopicKind, address: DeviceTopicAddress): string {
  const { vendorId, deviceId, commandId } = address;
  const ids = hasCommandId(kind) ? [vendorId, deviceId, commandId ?? ''] : [vendorId, deviceId];
  for (const id of ids) {
    if (!isValidId(id)) throw new Error(`invalid id "${id}" for topic kind ${kind}`);
  }
  const path = channels[kind].path.map((level) => (level === '{commandId}' ? (commandId ?? '') : level));
  return [topicRoot, vendorId, deviceId, ...path].join('/');
}

/**
 * A subscription filter for one kind: every device when no address is given (`+` levels), or one device.
 * With `share`, an MQTT 5 shared subscription (`$share/{group}/...`) so replicas split the stream.
 */
export function buildDeviceTopicFilter(
  kind: DeviceTopicKind,
  options: { vendorId?: string; deviceId?: string; share?: string } = {},
): string {
  const path = channels[kind].path.map((level) => (level === '{commandId}' ? '+' : level));
  const filter = [topicRoot, options.vendorId ?? '+', options.deviceId ?? '+', ...path].join('/');
  return options.share === undefined ? filter : `$share/${options.share}/${filter}`;
}

const rootLevels = topicRoot.split('/');

/**
 * Parses a concrete topic; undefined when it is not a Homeport device topic. Runs for every PUBLISH the
 * broker receives and every message it forwards: it indexes the topic's levels in place rather than
 * slicing and destructuring them.
 */
export function parseDeviceTopic(topic: string): DeviceTopic | undefined {
  const levels = topic.split('/');
  for (let index = 0; index < rootLevels.length; index += 1) {
    if (levels[index] !== rootLevels[index]) return undefined;
  }
  const vendorId = levels[rootLevels.length];
  const deviceId = levels[rootLevels.length + 1];
  if (vendorId === undefined || deviceId === undefined || !isValidId(vendorId) || !isValidId(deviceId)) {
    return undefined;
  }
  for (const kind of deviceTopicKinds) {
    const commandId = matchPath(channels[kind].path, levels, rootLevels.length + 2);
    if (commandId === false) continue;
    return commandId === undefined ? { kind, vendorId, deviceId } : { kind, vendorId, deviceId, commandId };
  }
  return undefined;
}

/** false when `levels` from `first` on do not match `path`; otherwise the commandId level, if the path has one. */
function matchPath(
  path: readonly string[],
  levels: readonly string[],
  first: number,
): string | undefined | false {
  if (path.length !== levels.length - first) return false;
  let commandId: string | undefined;
  for (let index = 0; index < path.length; index += 1) {
    const expected = path[index];
    const level = levels[first + index] ?? '';
    if (expected === '{commandId}') {
      if (!isValidId(level)) return false;
      commandId = level;
    } else if (expected !== level) {
      return false;
    }
  }
  return commandId;
}
