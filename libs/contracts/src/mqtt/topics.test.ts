import {
  buildDeviceTopic,
  buildDeviceTopicFilter,
  deviceTopicKinds,
  directionOf,
  parseDeviceTopic,
} from './topics';

const address = { vendorId: 'acme', deviceId: 'thermostat-0042', commandId: 'cmd-1' };

describe('device topic tree', () => {
  it.each(deviceTopicKinds)('when a %s topic is built, parsing it gives back its kind and ids', (kind) => {
    const topic = buildDeviceTopic(kind, address);
    const parsed = parseDeviceTopic(topic);
    expect(parsed?.kind).toBe(kind);
    expect(parsed?.vendorId).toBe('acme');
    expect(parsed?.deviceId).toBe('thermostat-0042');
  });

  it('when a command topic is built, it carries the command id', () => {
    expect(buildDeviceTopic('commandAck', address)).toBe(
      'homeport/v1/acme/thermostat-0042/commands/cmd-1/ack',
    );
    expect(parseDeviceTopic('homeport/v1/acme/thermostat-0042/commands/cmd-1')).toEqual({
      kind: 'command',
      ...address,
    });
  });

  it('when an id contains a topic wildcard or separator, building refuses it', () => {
    expect(() => buildDeviceTopic('reported', { vendorId: 'acme', deviceId: 'a/b' })).toThrow('invalid id');
    expect(() => buildDeviceTopic('reported', { vendorId: '+', deviceId: 'd1' })).toThrow('invalid id');
    expect(() => buildDeviceTopic('command', { vendorId: 'acme', deviceId: 'd1' })).toThrow('invalid id');
  });

  it.each([
    'homeport/v1/acme/d1',
    'homeport/v1/acme/d1/state',
    'homeport/v1/acme/d1/state/reported/extra',
    'homeport/v2/acme/d1/telemetry',
    'other/v1/acme/d1/telemetry',
    'homeport/v1/acme/+/telemetry',
    'homeport/v1/acme/d1/commands/#/ack',
  ])('when %s is parsed, it is not a device topic', (topic) => {
    expect(parseDeviceTopic(topic)).toBeUndefined();
  });

  it('when filters are built, they cover every device or one device, optionally shared', () => {
    expect(buildDeviceTopicFilter('telemetry')).toBe('homeport/v1/+/+/telemetry');
    expect(buildDeviceTopicFilter('command', { vendorId: 'acme', deviceId: 'd1' })).toBe(
      'homeport/v1/acme/d1/commands/+',
    );
    expect(buildDeviceTopicFilter('reported', { share: 'fan-out' })).toBe(
      '$share/fan-out/homeport/v1/+/+/state/reported',
    );
  });

  it('devices publish reported state and subscribe to desired state', () => {
    expect(directionOf('reported')).toBe('deviceToCloud');
    expect(directionOf('desired')).toBe('cloudToDevice');
  });
});
