import aedesPacket from 'aedes-packet';
import { decode, encode } from 'msgpack-lite';
import { encodeMsgpack } from './msgpack-encoding';

const Packet = aedesPacket as unknown as new (original: object, broker?: object) => object;

describe('encodeMsgpack', () => {
  const bytesOf = (length: number) => Buffer.alloc(length, 7);
  const values: [string, unknown][] = [
    ['a routed presence packet', { id: 'a1b2:1', msg: { cmd: 'publish', topic: 'p/mqtt/v/d/presence' } }],
    [
      'an aedes packet (a class instance, undefined fields)',
      new Packet(
        { cmd: 'publish', topic: 't/1', payload: Buffer.from('{"status":"online"}'), qos: 1, retain: true },
        { id: 'broker-1', counter: 70_000 },
      ),
    ],
    ['integers at every width', [0, 1, 127, 128, 255, 256, 65_535, 65_536, 2 ** 31 - 1, -1, -32, -33]],
    ['negative integers', [-128, -129, -32_768, -32_769, -(2 ** 31)]],
    ['numbers outside int32 and fractions', [2 ** 31, 2 ** 32, -(2 ** 31) - 1, 1.5, -0, Number.NaN, 1e300]],
    ['strings at every head size', ['', 'x'.repeat(31), 'x'.repeat(32), 'x'.repeat(255), 'x'.repeat(256)]],
    ['long strings', ['y'.repeat(65_535), 'y'.repeat(65_536)]],
    ['multibyte strings counted in bytes', ['é'.repeat(16), '€'.repeat(11), '🙂', 'ü'.repeat(200)]],
    [
      'buffers at every head size',
      [bytesOf(0), bytesOf(254), bytesOf(255), bytesOf(65_535), bytesOf(65_536)],
    ],
    ['booleans, null, undefined, a function', [true, false, null, undefined, () => 1]],
    ['arrays and maps of every count head', [Array(15).fill(1), Array(16).fill(1), Array(70_000).fill(0)]],
    ['a map of 16 keys', Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${String(i)}`, i]))],
    ['a payload larger than the first scratch buffer', { payload: bytesOf(200_000) }],
  ];

  it.each(values)('writes the bytes msgpack-lite writes: %s', (_name, value) => {
    expect(encodeMsgpack(value).equals(encode(value))).toBe(true);
  });

  it('leaves an extension type to msgpack-lite, which decodes it again', () => {
    const value = { at: new Date(1_700_000_000_000), ids: new Uint8Array([1, 2]) };
    expect(encodeMsgpack(value).equals(encode(value))).toBe(true);
    expect(decode(encodeMsgpack(value))).toEqual(value);
  });

  it('returns buffers of their own: a later encoding does not change an earlier one', () => {
    const first = encodeMsgpack({ topic: 'a' });
    encodeMsgpack({ topic: 'b' });
    expect(decode(first)).toEqual({ topic: 'a' });
  });
});
