import fc from 'fast-check';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { PacketInput, PacketLogin } from './inputs';
import { mutate, mutationArbitrary, type Mutation } from './packet-mutations';

/** Topics worth trying: the devices' own and others', wildcards, system and shared filters, junk. */
export interface TopicPool {
  /** Topics of the packet family's hostile device (allowed to it). */
  readonly own: readonly string[];
  /** Topics of innocent devices: any publish there must be refused. */
  readonly others: readonly string[];
}

const specialTopics = [
  '#',
  '+/+/+',
  '$SYS/#',
  '$share/g/homeport/v1/+/+/telemetry',
  'homeport/v1/#',
  '',
  '/',
  'a\u0000b',
];

const topicArbitrary = (pool: TopicPool) =>
  fc.oneof(
    fc.constantFrom(...pool.own),
    fc.constantFrom(...pool.others),
    fc.constantFrom(...specialTopics),
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );

const bytesArbitrary = (maxLength: number) => fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes));
const qosArbitrary = fc.constantFrom<(0 | 1 | 2)[]>(0, 1, 2);
const messageId = fc.integer({ min: 0, max: 65535 });

const connectArbitrary = (pool: TopicPool) =>
  fc.record({
    cmd: fc.constant('connect' as const),
    protocolVersion: fc.constantFrom<(3 | 4 | 5)[]>(3, 4, 4, 5),
    protocolId: fc.constantFrom<('MQTT' | 'MQIsdp')[]>('MQTT', 'MQIsdp'),
    clientId: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('service:fan-out', 'service:fan-out-p1of4', ''),
    ),
    clean: fc.boolean(),
    keepalive: fc.integer({ min: 0, max: 65535 }),
    username: fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.constant('service:fan-out')), {
      nil: undefined,
    }),
    password: fc.option(bytesArbitrary(64), { nil: undefined }),
    will: fc.option(
      fc.record({
        topic: topicArbitrary(pool),
        payload: bytesArbitrary(256),
        qos: qosArbitrary,
        retain: fc.boolean(),
      }),
      { nil: undefined },
    ),
  });

const publishArbitrary = (pool: TopicPool) =>
  fc.record({
    cmd: fc.constant('publish' as const),
    topic: topicArbitrary(pool),
    payload: fc.oneof(
      bytesArbitrary(512),
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
    ),
    qos: qosArbitrary,
    dup: fc.boolean(),
    retain: fc.boolean(),
    messageId,
  });

const subscribeArbitrary = (pool: TopicPool) =>
  fc.record({
    cmd: fc.constant('subscribe' as const),
    messageId,
    subscriptions: fc.array(fc.record({ topic: topicArbitrary(pool), qos: qosArbitrary }), {
      minLength: 1,
      maxLength: 5,
    }),
  });

const acknowledgementArbitrary = fc.record({
  cmd: fc.constantFrom<('puback' | 'pubrec' | 'pubrel' | 'pubcomp')[]>(
    'puback',
    'pubrec',
    'pubrel',
    'pubcomp',
  ),
  messageId,
});

/** A packet object mqtt-packet can encode (every type a client may send, and some it may not). */
export const packetArbitrary = (pool: TopicPool): fc.Arbitrary<Packet> =>
  fc.oneof(
    { arbitrary: connectArbitrary(pool), weight: 2 },
    { arbitrary: publishArbitrary(pool), weight: 4 },
    { arbitrary: subscribeArbitrary(pool), weight: 2 },
    {
      arbitrary: fc.record({
        cmd: fc.constant('unsubscribe' as const),
        messageId,
        unsubscriptions: fc.array(topicArbitrary(pool), { minLength: 1, maxLength: 3 }),
      }),
      weight: 1,
    },
    { arbitrary: acknowledgementArbitrary, weight: 1 },
    { arbitrary: fc.constantFrom<Packet[]>({ cmd: 'pingreq' }, { cmd: 'disconnect' }), weight: 1 },
    {
      arbitrary: fc.record({
        cmd: fc.constant('connack' as const),
        sessionPresent: fc.boolean(),
        returnCode: fc.nat(255),
      }),
      weight: 1,
    },
  );

/** The packet's bytes, or undefined when mqtt-packet refuses to encode it (e.g. a topic it rejects). */
export function encodePacket(packet: Packet): Buffer | undefined {
  try {
    return mqttPacket.generate(packet, {
      protocolVersion: 'protocolVersion' in packet ? packet.protocolVersion : 4,
    });
  } catch {
    return undefined;
  }
}

const loginArbitrary = fc.constantFrom<PacketLogin[]>(
  'none',
  'anonymous-connect',
  'hostile-device',
  'hostile-device',
);

/** One raw connection's worth of fuzzed packets: valid ones, damaged ones, or random bytes. */
export const packetInputArbitrary = (pool: TopicPool): fc.Arbitrary<PacketInput> =>
  fc.oneof(
    fc
      .record({
        login: loginArbitrary,
        packets: fc.array(packetArbitrary(pool), { minLength: 1, maxLength: 3 }),
      })
      .map(({ login, packets }) => toInput('valid', login, packets, undefined)),
    fc
      .record({ login: loginArbitrary, packet: packetArbitrary(pool), mutation: mutationArbitrary })
      .map(({ login, packet, mutation }) => toInput('mutated', login, [packet], mutation)),
    fc
      .record({ login: loginArbitrary, bytes: bytesArbitrary(2048) })
      .map(({ login, bytes }): PacketInput => ({
        family: 'mqtt-packet',
        variant: 'random',
        login,
        bytes: bytes.toString('base64'),
        note: 'random bytes',
      })),
  );

function toInput(
  variant: 'valid' | 'mutated',
  login: PacketLogin,
  packets: readonly Packet[],
  mutation: Mutation | undefined,
): PacketInput {
  const encoded = packets.map((packet) => encodePacket(packet) ?? Buffer.from([0xe0, 0x00]));
  const joined = Buffer.concat(encoded);
  const bytes = mutation === undefined ? joined : mutate(joined, mutation);
  const names = packets.map((packet) => packet.cmd).join(', ');
  return {
    family: 'mqtt-packet',
    variant,
    login,
    bytes: bytes.toString('base64'),
    note: mutation === undefined ? names : `${names}, ${mutation.kind}`,
  };
}
