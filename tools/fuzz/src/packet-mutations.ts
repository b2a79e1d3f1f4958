import fc from 'fast-check';

const bytesArbitrary = (maxLength: number) => fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes));

/** Remaining-length varint (MQTT 3.1.1 §2.2.3) of `value`. */
export function encodeRemainingLength(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0 && bytes.length < 4);
  return Buffer.from(bytes);
}

/** Ways to damage a valid packet: the parser's edge cases (MQTT 3.1.1 §2.2). */
export const mutationArbitrary = fc.oneof(
  fc.record({
    kind: fc.constant('bit flips' as const),
    positions: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('truncated' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('length lies' as const), length: fc.integer({ min: 0, max: 268_435_455 }) }),
  fc.record({ kind: fc.constant('huge remaining length' as const), tail: bytesArbitrary(64) }),
  fc.record({ kind: fc.constant('bytes inserted' as const), at: fc.nat(), bytes: bytesArbitrary(32) }),
  fc.record({ kind: fc.constant('repeated' as const), times: fc.integer({ min: 2, max: 200 }) }),
);
/** One way to damage a packet. */
export type Mutation = typeof mutationArbitrary extends fc.Arbitrary<infer M> ? M : never;

/** Applies one mutation to a packet's bytes. */
export function mutate(bytes: Buffer, mutation: Mutation): Buffer {
  const header = bytes.subarray(0, 1);
  let lengthBytes = 1;
  while (lengthBytes < 4 && ((bytes[lengthBytes] ?? 0) & 0x80) !== 0) lengthBytes += 1;
  const body = bytes.subarray(1 + lengthBytes);
  switch (mutation.kind) {
    case 'bit flips': {
      const copy = Buffer.from(bytes);
      for (const position of mutation.positions) {
        const index = position % copy.length;
        copy[index] = (copy[index] ?? 0) ^ (1 << (position % 8));
      }
      return copy;
    }
    case 'truncated':
      return bytes.subarray(0, mutation.at % Math.max(1, bytes.length));
    case 'length lies':
      return Buffer.concat([header, encodeRemainingLength(mutation.length), body]);
    case 'huge remaining length':
      return Buffer.concat([header, Buffer.from([0xff, 0xff, 0xff, 0x7f]), mutation.tail]);
    case 'bytes inserted': {
      const at = mutation.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), mutation.bytes, bytes.subarray(at)]);
    }
    case 'repeated':
      return Buffer.concat(Array.from({ length: mutation.times }, () => bytes));
  }
}
