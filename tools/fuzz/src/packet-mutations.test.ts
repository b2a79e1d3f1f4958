import mqttPacket from 'mqtt-packet';
import { encodeRemainingLength, mutate } from './packet-mutations';

const pingreq = mqttPacket.generate({ cmd: 'pingreq' });
const publish = mqttPacket.generate({
  cmd: 'publish',
  topic: 'a/b',
  payload: Buffer.from('{"x":1}'),
  qos: 1,
  messageId: 7,
  dup: false,
  retain: false,
});

describe('damaging an MQTT packet', () => {
  it('encodes remaining lengths as MQTT varints, up to the largest one', () => {
    expect(encodeRemainingLength(0)).toEqual(Buffer.from([0x00]));
    expect(encodeRemainingLength(321)).toEqual(Buffer.from([0xc1, 0x02]));
    expect(encodeRemainingLength(268_435_455)).toEqual(Buffer.from([0xff, 0xff, 0xff, 0x7f]));
  });

  it('a lying length keeps the header and body and puts the lie between them', () => {
    const lied = mutate(publish, { kind: 'length lies', length: 321 });
    expect(lied.subarray(0, 3)).toEqual(Buffer.from([publish[0] ?? 0, 0xc1, 0x02]));
    expect(lied.subarray(3)).toEqual(publish.subarray(2));
  });

  it('a huge remaining length announces 268 MB and sends only the tail', () => {
    const huge = mutate(pingreq, { kind: 'huge remaining length', tail: Buffer.from([1, 2]) });
    expect(huge).toEqual(Buffer.from([0xc0, 0xff, 0xff, 0xff, 0x7f, 1, 2]));
  });

  it('truncating, flipping, inserting and repeating change the bytes the way they say', () => {
    expect(mutate(publish, { kind: 'truncated', at: 4 })).toEqual(publish.subarray(0, 4));
    const flipped = mutate(pingreq, { kind: 'bit flips', positions: [1] });
    expect(flipped).toEqual(Buffer.from([0xc0, 0x02]));
    expect(mutate(pingreq, { kind: 'bytes inserted', at: 1, bytes: Buffer.from([9]) })).toEqual(
      Buffer.from([0xc0, 9, 0x00]),
    );
    expect(mutate(pingreq, { kind: 'repeated', times: 3 })).toEqual(
      Buffer.concat([pingreq, pingreq, pingreq]),
    );
  });
});
