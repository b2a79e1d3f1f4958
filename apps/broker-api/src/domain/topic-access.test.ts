import { buildDeviceTopic, buildDeviceTopicFilter } from '@homeport/contracts';
import type { DeviceIdentity, ServiceIdentity } from './mqtt-identity';
import { authorizePublishTopic, authorizeSubscription } from './topic-access';

const deviceA: DeviceIdentity = { kind: 'device', vendorId: 'acme', deviceId: 'a', credentialId: 'c1' };
const addressA = { vendorId: 'acme', deviceId: 'a' };
const addressB = { vendorId: 'acme', deviceId: 'b' };
const fanout: ServiceIdentity = { kind: 'service', name: 'fanout' };

describe('topic access', () => {
  it('a device may publish its reported state, telemetry, events, state requests and command acks', () => {
    for (const kind of ['reported', 'telemetry', 'event', 'stateRequest'] as const) {
      expect(authorizePublishTopic(deviceA, buildDeviceTopic(kind, addressA)).allowed).toBe(true);
    }
    const ack = buildDeviceTopic('commandAck', { ...addressA, commandId: 'cmd-1' });
    expect(authorizePublishTopic(deviceA, ack)).toMatchObject({
      allowed: true,
      topic: { commandId: 'cmd-1' },
    });
  });

  it('a device may not publish to cloud-to-device topics, presence, another device or foreign topics', () => {
    const refusedTopics = [
      buildDeviceTopic('desired', addressA),
      buildDeviceTopic('command', { ...addressA, commandId: 'x' }),
      buildDeviceTopic('presence', addressA),
      buildDeviceTopic('telemetry', addressB),
      buildDeviceTopic('telemetry', { vendorId: 'other', deviceId: 'a' }),
      'homeport/v1/acme/a/telemetry/extra',
      '$SYS/broker/x',
      'anything',
    ];
    for (const topic of refusedTopics) {
      expect(authorizePublishTopic(deviceA, topic)).toEqual({ allowed: false, reason: 'not_authorized' });
    }
  });

  it('a device may subscribe to its own desired, delta and command filters only', () => {
    for (const kind of ['desired', 'delta', 'command'] as const) {
      expect(authorizeSubscription(deviceA, buildDeviceTopicFilter(kind, addressA)).allowed).toBe(true);
      expect(authorizeSubscription(deviceA, buildDeviceTopicFilter(kind, addressB)).allowed).toBe(false);
    }
    for (const filter of ['#', 'homeport/v1/acme/a/#', 'homeport/v1/acme/+/state/desired', '+/+/+/+/+']) {
      expect(authorizeSubscription(deviceA, filter)).toEqual({ allowed: false, reason: 'not_authorized' });
    }
    expect(authorizeSubscription(deviceA, buildDeviceTopicFilter('telemetry', addressA)).allowed).toBe(false);
  });

  it('a service may read every device-to-cloud and presence topic, but not commands or desired state', () => {
    for (const kind of [
      'reported',
      'telemetry',
      'event',
      'stateRequest',
      'commandAck',
      'presence',
    ] as const) {
      expect(authorizeSubscription(fanout, buildDeviceTopicFilter(kind)).allowed).toBe(true);
    }
    expect(authorizeSubscription(fanout, buildDeviceTopicFilter('command')).allowed).toBe(false);
    expect(authorizeSubscription(fanout, '#').allowed).toBe(false);
    expect(authorizePublishTopic(fanout, buildDeviceTopic('telemetry', addressA)).allowed).toBe(false);
  });

  it('a shared subscription is refused with its own reason', () => {
    const filter = buildDeviceTopicFilter('telemetry', { share: 'fanout' });
    expect(authorizeSubscription(fanout, filter)).toEqual({
      allowed: false,
      reason: 'shared_subscription_unsupported',
    });
  });
});
