/** PUBLISH, QoS 1, neither DUP nor RETAIN (MQTT 3.1.1 §3.3.1). */
const qos1PublishHeader = 0x32;

/** A topic name as a PUBLISH carries it: two bytes of length, then its UTF-8 (MQTT 3.1.1 §1.5.3). */
export function encodeTopic(topic: string): Buffer {
  const bytes = Buffer.from(topic, 'utf8');
  const encoded = Buffer.allocUnsafe(2 + bytes.length);
  encoded.writeUInt16BE(bytes.length, 0);
  bytes.copy(encoded, 2);
  return encoded;
}

/** Bytes of the remaining length's variable-length encoding (MQTT 3.1.1 §2.2.3). */
function lengthBytes(remaining: number): number {
  if (remaining < 0x80) return 1;
  if (remaining < 0x4000) return 2;
  if (remaining < 0x200000) return 3;
  return 4;
}

/**
 * A QoS 1 PUBLISH of `payload` to an encoded topic, in one buffer: what mqtt-packet's `generate` gives for
 * the same packet, without its intermediate chunks (the load generator builds thousands a second).
 */
export function encodeQos1Publish(encodedTopic: Buffer, messageId: number, payload: string): Buffer {
  const payloadLength = Buffer.byteLength(payload, 'utf8');
  const remaining = encodedTopic.length + 2 + payloadLength;
  const packet = Buffer.allocUnsafe(1 + lengthBytes(remaining) + remaining);
  packet[0] = qos1PublishHeader;
  let offset = 1;
  let rest = remaining;
  do {
    const digit = rest % 0x80;
    rest = Math.floor(rest / 0x80);
    packet[offset] = rest > 0 ? digit | 0x80 : digit;
    offset += 1;
  } while (rest > 0);
  offset += encodedTopic.copy(packet, offset);
  packet.writeUInt16BE(messageId, offset);
  packet.write(payload, offset + 2, 'utf8');
  return packet;
}
