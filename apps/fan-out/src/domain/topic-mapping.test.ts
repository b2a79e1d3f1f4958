import { buildDeviceTopic } from '@homeport/contracts';
import { createTopicMapping } from './topic-mapping';

describe('homeport provider', () => {
  const mapping = createTopicMapping({ provider: 'homeport' });

  it('subscribes to the reported, telemetry and event topics of every device', () => {
    expect(mapping.filters()).toEqual([
      'homeport/v1/+/+/state/reported',
      'homeport/v1/+/+/telemetry',
      'homeport/v1/+/+/events',
    ]);
  });

  it('with a share group, the filters are MQTT 5 shared subscriptions of that group', () => {
    expect(mapping.filters('fan-out')).toContain('$share/fan-out/homeport/v1/+/+/telemetry');
  });

  it('maps each device-to-cloud channel it forwards to the device and kind', () => {
    const address = { vendorId: 'acme', deviceId: 'thermostat-0042' };
    for (const kind of ['reported', 'telemetry', 'event'] as const) {
      expect(mapping.map(buildDeviceTopic(kind, address))).toEqual({
        ...address,
        kind,
        payloadFormat: 'homeport',
      });
    }
  });

  it('maps a topic of the tree whose ids are not valid ids with the ids as they are, so it can be refused', () => {
    expect(mapping.map('homeport/v1/acme/bad!id/telemetry')).toEqual({
      vendorId: 'acme',
      deviceId: 'bad!id',
      kind: 'telemetry',
      payloadFormat: 'homeport',
    });
    expect(mapping.map(`homeport/v1/${'v'.repeat(70)}/d1/state/reported`)).toMatchObject({
      kind: 'reported',
    });
    expect(mapping.map('homeport/v1/acme/bad!id/state/get')).toBeUndefined();
  });

  it('does not map the channels it does not forward, nor foreign topics', () => {
    const address = { vendorId: 'acme', deviceId: 'd1', commandId: 'c1' };
    expect(mapping.map(buildDeviceTopic('commandAck', address))).toBeUndefined();
    expect(mapping.map(buildDeviceTopic('desired', address))).toBeUndefined();
    expect(mapping.map('homeport/v1/acme/d1/state/reported/extra')).toBeUndefined();
    expect(mapping.map('other/acme/d1/telemetry')).toBeUndefined();
  });
});

describe('aws-iot-core provider', () => {
  const mapping = createTopicMapping({
    provider: 'aws-iot-core',
    vendorId: 'acme',
    topicPrefix: 'dt/homeport',
  });

  it('subscribes to shadow updates and the telemetry and event topics under the prefix', () => {
    expect(mapping.filters()).toEqual([
      '$aws/things/+/shadow/update',
      'dt/homeport/+/telemetry',
      'dt/homeport/+/events',
    ]);
  });

  it('maps a shadow update to the reported state of the thing, under the configured vendor', () => {
    expect(mapping.map('$aws/things/pump-7/shadow/update')).toEqual({
      vendorId: 'acme',
      deviceId: 'pump-7',
      kind: 'reported',
      payloadFormat: 'aws-shadow-update',
    });
  });

  it('maps telemetry and events of a thing; not the shadow service answers', () => {
    expect(mapping.map('dt/homeport/pump-7/telemetry')).toMatchObject({
      deviceId: 'pump-7',
      kind: 'telemetry',
    });
    expect(mapping.map('dt/homeport/pump-7/events')).toMatchObject({ deviceId: 'pump-7', kind: 'event' });
    expect(mapping.map('$aws/things/pump-7/shadow/update/accepted')).toBeUndefined();
  });
});

describe('generic provider', () => {
  it('maps topics by the first rule whose pattern matches, with vendor and device from placeholders', () => {
    const mapping = createTopicMapping({
      provider: 'generic',
      rules: [
        { pattern: 'plant/{vendorId}/{deviceId}/state', kind: 'reported' },
        { pattern: 'plant/{vendorId}/{deviceId}/+/metrics', kind: 'telemetry' },
        { filter: 'alarms/#', pattern: 'alarms/{deviceId}/#', kind: 'event', vendorId: 'acme' },
      ],
    });
    expect(mapping.filters()).toEqual(['plant/+/+/state', 'plant/+/+/+/metrics', 'alarms/#']);
    expect(mapping.filters('g1')).toEqual([
      '$share/g1/plant/+/+/state',
      '$share/g1/plant/+/+/+/metrics',
      '$share/g1/alarms/#',
    ]);
    expect(mapping.map('plant/acme/press-1/state')).toMatchObject({
      vendorId: 'acme',
      deviceId: 'press-1',
      kind: 'reported',
    });
    expect(mapping.map('plant/acme/press-1/line-2/metrics')).toMatchObject({ kind: 'telemetry' });
    expect(mapping.map('alarms/press-9/fire/zone-3')).toMatchObject({
      vendorId: 'acme',
      deviceId: 'press-9',
      kind: 'event',
    });
    expect(mapping.map('alarms/press-9')).toMatchObject({ deviceId: 'press-9' });
    expect(mapping.map('plant/acme/press-1')).toBeUndefined();
    expect(mapping.map('plant/acme/press-1/state/more')).toBeUndefined();
  });

  it.each([
    [{ pattern: 'a/{vendorId}/b', kind: 'event' as const }, /exactly one \{deviceId\}/],
    [{ pattern: 'a/{deviceId}', kind: 'event' as const }, /either as a \{vendorId\} level or as vendorId/],
    [{ pattern: 'a/{vendorId}/{deviceId}', kind: 'event' as const, vendorId: 'acme' }, /not both/],
    [{ pattern: 'a/#/{deviceId}', kind: 'event' as const, vendorId: 'acme' }, /# must be the last level/],
    [{ pattern: 'a/x{deviceId}', kind: 'event' as const, vendorId: 'acme' }, /mixes text and a wildcard/],
    [
      { filter: 'a/b#', pattern: 'a/{deviceId}', kind: 'event' as const, vendorId: 'acme' },
      /not a valid MQTT topic filter/,
    ],
  ])('refuses an unusable rule %#', (rule, message) => {
    expect(() => createTopicMapping({ provider: 'generic', rules: [rule] })).toThrow(message);
  });
});
