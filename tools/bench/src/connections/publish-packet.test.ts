import mqttPacket from 'mqtt-packet';
import { encodeQos1Publish, encodeTopic } from './publish-packet';

describe('a QoS 1 PUBLISH built from a pre-encoded topic', () => {
  it.each([
    ['a short payload (one byte of remaining length)', 'x'.repeat(10)],
    ['a thermostat-sized payload (two bytes)', 'x'.repeat(250)],
    ['a payload past 16 KB (three bytes)', 'x'.repeat(20_000)],
    ['a payload with multi-byte characters', '{"note":"Wohnzimmer 21 °C ✓"}'],
  ])('when it carries %s, its bytes are those of mqtt-packet for the same packet', (_case, payload) => {
    const topic = 'homeport/v1/acme/thermostat-0042/telemetry';
    const built = encodeQos1Publish(encodeTopic(topic), 513, payload);
    const expected = mqttPacket.generate({
      ...{ cmd: 'publish', topic, payload, qos: 1, messageId: 513 },
      ...{ retain: false, dup: false },
    });
    expect(built.equals(expected)).toBe(true);
  });

  it('when parsed by mqtt-packet, it gives back the topic, message id and payload', () => {
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    const packets: mqttPacket.Packet[] = [];
    parser.on('packet', (packet) => packets.push(packet));
    parser.parse(encodeQos1Publish(encodeTopic('homeport/v1/ä/b/reported'), 65535, '{"seq":1}'));
    expect(packets).toMatchObject([
      { cmd: 'publish', topic: 'homeport/v1/ä/b/reported', messageId: 65535, qos: 1, retain: false, dup: false },
    ]);
    expect((packets[0] as mqttPacket.IPublishPacket).payload.toString()).toBe('{"seq":1}');
  });
});
