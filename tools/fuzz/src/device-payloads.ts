import {
  deviceTopicCatalog,
  deviceTopicKinds,
  directionOf,
  maxDevicePayloadBytes,
} from '@homeport/contracts';
import fc from 'fast-check';
import type { PayloadInput } from './inputs';

/** Topic kinds a device publishes on: reported, telemetry, event, stateRequest, commandAck. */
export const deviceToCloudKinds = deviceTopicKinds.filter((kind) => directionOf(kind) === 'deviceToCloud');

interface Payload {
  readonly text: string | Buffer;
  readonly note: string;
}

const now = () => Date.now();
/** The usual envelope around a hostile `state`, so the payload gets past the cheap checks. */
const reported = (state: string, seq: number | string = 1, ts: number | string = now()) =>
  `{"seq":${seq},"ts":${ts},"state":${state}}`;

const nesting = fc
  .record({ depth: fc.integer({ min: 10, max: 10_000 }), array: fc.boolean() })
  .map(({ depth, array }): Payload => {
    const [open, close] = array ? ['[', ']'] : ['{"a":', '}'];
    return {
      text: reported(`{"a":${open.repeat(depth)}1${close.repeat(depth)}}`),
      note: `${depth}-deep ${array ? 'array' : 'object'} nesting`,
    };
  });

const hugeArray = fc.integer({ min: 1000, max: 30_000 }).map((length): Payload => ({
  text: reported(`{"a":[${Array.from({ length }, () => '0').join(',')}]}`),
  note: `array of ${length} items`,
}));

const manyProperties = fc.integer({ min: 200, max: 6000 }).map((count): Payload => ({
  text: reported(`{${Array.from({ length: count }, (_, index) => `"p${index}":${index}`).join(',')}}`),
  note: `${count} properties`,
}));

const longString = fc.integer({ min: 1000, max: 80_000 }).map((length): Payload => ({
  text: reported(`{"a":"${'x'.repeat(length)}"}`),
  note: `${length}-char string`,
}));

const hostileKeys = fc
  .constantFrom('__proto__', 'constructor', 'prototype', 'a\\u0000b', '', ' ', 'toString', 'hasOwnProperty')
  .chain((key) =>
    fc.constantFrom(
      { text: reported(`{"${key}":{"polluted":true}}`), note: `state key "${key}"` },
      { text: `{"seq":1,"metrics":{"${key}":1}}`, note: `metrics key "${key}"` },
      { text: `{"${key}":{"seq":1},"state":{"a":1}}`, note: `top-level key "${key}"` },
      { text: reported(`{"a":{"${key}":{"${key}":1}}}`), note: `nested key "${key}"` },
    ),
  );

const oddNumbers = fc
  .constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '-0', '1e-400', '"NaN"', 'null')
  .map((value): Payload => ({ text: reported(`{"a":${value}}`), note: `state value ${value}` }));

const orderingFields = fc
  .record({
    seq: fc.constantFrom('-1', '1.5', '9007199254740993', '1e300', '"1"', 'null', '[]', '0', '4294967296'),
    ts: fc.constantFrom('-1', '0', '1e300', '9007199254740993', '99999999999999', '"now"', '1.5', '{}'),
  })
  .map(({ seq, ts }): Payload => ({ text: reported('{"a":1}', seq, ts), note: `seq ${seq}, ts ${ts}` }));

const wrongTypes = fc
  .constantFrom(
    '{"state":[1,2,3]}',
    '{"state":"on"}',
    '{"state":null}',
    '{"state":1}',
    '{"metrics":{"temperature":{"nested":1}}}',
    '{"metrics":{"temperature":"x"}}',
    '{"metrics":{"temperature":true}}',
    '{"metrics":{}}',
    '{"event":5}',
    '{"event":"x","data":[1]}',
    '{"status":"done","result":"not an object"}',
    '{"status":"nope"}',
    '[]',
    '"string"',
    'null',
    '0',
    '{}',
  )
  .map((text): Payload => ({ text, note: `wrong types ${text.slice(0, 40)}` }));

/** Invalid UTF-8 and lone surrogates inside an otherwise valid JSON string. */
const badEncoding = fc
  .constantFrom(
    [0xff, 0xfe],
    [0xc0, 0x80],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xe2, 0x82],
    [0x00],
  )
  .map((bytes): Payload => ({
    text: Buffer.concat([
      Buffer.from(`{"seq":1,"ts":${now()},"state":{"a":"`),
      Buffer.from(bytes),
      Buffer.from('"}}'),
    ]),
    note: `invalid UTF-8 ${Buffer.from(bytes).toString('hex')}`,
  }));

const loneSurrogate = fc.constant<Payload>({ text: reported('{"a":"\\ud800"}'), note: 'lone surrogate' });

const notJson = fc.oneof(
  fc
    .uint8Array({ minLength: 0, maxLength: 512 })
    .map((bytes): Payload => ({ text: Buffer.from(bytes), note: 'random bytes' })),
  fc
    .constantFrom('', '{', '{"seq":1,"state":{', 'undefined', "{'a':1}", '{"a":1}}', '\u0000')
    .map((text): Payload => ({ text, note: `not JSON ${JSON.stringify(text)}` })),
);

const oversized = fc.integer({ min: 1, max: 4096 }).map((extra): Payload => ({
  text: reported(`{"a":"${'x'.repeat(maxDevicePayloadBytes + extra)}"}`),
  note: `over the ${maxDevicePayloadBytes}-byte limit by ~${extra}`,
}));

const randomJson = fc.jsonValue({ maxDepth: 6 }).map((value): Payload => ({
  text: JSON.stringify(value),
  note: 'random JSON',
}));
const randomState = fc
  .dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 20 })
  .map((state): Payload => ({ text: reported(JSON.stringify(state)), note: 'random state' }));

/** A valid message of the kind (its catalog example), as a baseline the platform must accept. */
const validExample = (kind: (typeof deviceToCloudKinds)[number]) =>
  fc.constant<Payload>({ text: JSON.stringify(deviceTopicCatalog[kind].example), note: 'valid example' });

/** One hostile payload on one of the device's own topics; most at QoS 1, so each is answered. */
export const payloadInputArbitrary: fc.Arbitrary<PayloadInput> = fc
  .constantFrom(...deviceToCloudKinds)
  .chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      qos: fc.constantFrom<(0 | 1)[]>(1, 1, 1, 0),
      payload: fc.oneof(
        { arbitrary: validExample(kind), weight: 1 },
        { arbitrary: nesting, weight: 3 },
        { arbitrary: hugeArray, weight: 1 },
        { arbitrary: manyProperties, weight: 1 },
        { arbitrary: longString, weight: 1 },
        { arbitrary: hostileKeys, weight: 3 },
        { arbitrary: oddNumbers, weight: 2 },
        { arbitrary: orderingFields, weight: 2 },
        { arbitrary: wrongTypes, weight: 2 },
        { arbitrary: badEncoding, weight: 1 },
        { arbitrary: loneSurrogate, weight: 1 },
        { arbitrary: notJson, weight: 2 },
        { arbitrary: oversized, weight: 1 },
        { arbitrary: randomJson, weight: 2 },
        { arbitrary: randomState, weight: 2 },
      ),
    }),
  )
  .map(({ kind, qos, payload }) => ({
    family: 'device-payload',
    kind,
    qos,
    payload: Buffer.from(payload.text).toString('base64'),
    note: payload.note,
  }));
