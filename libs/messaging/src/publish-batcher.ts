import type { MessageContract } from '@homeport/contracts';
import { createBatchEnvelope, createEnvelope, type Envelope, type OutgoingMessage } from './envelope';

/**
 * Packs the messages of one type and routing key published in one event-loop turn, or within a spacing of
 * the last batch of that key, into one AMQP message.
 */
export interface PublishBatcher {
  /** Resolves once the message (in its batch) is confirmed. */
  add(message: MessageContract, routingKey: string, outgoing: OutgoingMessage): Promise<void>;
  /** Sends every batch being filled now, instead of at the end of the turn or of its spacing. */
  flush(): void;
}

/** An item's keys, timestamp and separators in a batch body (its headers are rare and small). */
const itemOverheadBytes = 64;

interface Batch {
  readonly key: string;
  readonly message: MessageContract;
  readonly routingKey: string;
  readonly items: OutgoingMessage[];
  bytes: number;
  readonly sent: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  /** Set while the batch waits for the rest of its key's spacing. */
  timer?: NodeJS.Timeout;
}

/**
 * A broker's cost is mostly per message, not per byte: a publisher under load (fan-out forwarding what one
 * socket read brought, state-workers announcing one stored batch) sends tens of messages per turn, and
 * each AMQP message costs RabbitMQ a routing, a disk write, a delivery and an ack. A message alone in its
 * turn goes out as a plain envelope, so an idle publisher adds no more than the end of the turn to latency.
 *
 * With `spacingMs`, a batch of a key whose last batch started less than that ago waits for the rest of it:
 * messages that each arrive in a turn of their own (broker-api's ingest, one device socket each) then
 * travel together instead of one AMQP message, one broker wake-up and one consumer wake-up each. After a
 * quiet spell a message still goes at the end of its turn: the wait appears only under load.
 */
export function createPublishBatcher(deps: {
  /** Batches a body would exceed go out as they are, and a new one starts. */
  maxBatchBytes: number;
  /** Least time between the starts of two batches of one type and routing key (default 0). */
  spacingMs?: number;
  send(message: MessageContract, routingKey: string, envelope: Envelope): Promise<void>;
}): PublishBatcher {
  const spacingMs = deps.spacingMs ?? 0;
  // By type and routing key (a message routed by subkey: a batch per subkey). Ids hold no newline.
  const filling = new Map<string, Batch>();
  // When each key's last batch went (only with a spacing); keys are the bus's types and subkeys, few.
  const lastSentMs = new Map<string, number>();
  const keyOf = (message: MessageContract, routingKey: string) => `${message.type}\n${routingKey}`;
  let flushScheduled = false;

  const send = (batch: Batch): void => {
    clearTimeout(batch.timer);
    filling.delete(batch.key);
    if (spacingMs > 0) lastSentMs.set(batch.key, performance.now());
    const [only] = batch.items;
    const envelope =
      batch.items.length === 1 && only !== undefined
        ? createEnvelope(batch.message, only)
        : createBatchEnvelope(batch.message, batch.items);
    deps.send(batch.message, batch.routingKey, envelope).then(batch.resolve, batch.reject);
  };
  const flushAtEndOfTurn = (): void => {
    flushScheduled = false;
    for (const batch of [...filling.values()]) if (batch.timer === undefined) send(batch);
  };
  const startBatch = (message: MessageContract, routingKey: string): Batch => {
    let settle: Pick<Batch, 'resolve' | 'reject'> = { resolve: () => undefined, reject: () => undefined };
    const sent = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const key = keyOf(message, routingKey);
    const batch: Batch = { key, message, routingKey, items: [], bytes: 0, sent, ...settle };
    filling.set(key, batch);
    const waitMs = spacingMs - (performance.now() - (lastSentMs.get(key) ?? -Infinity));
    if (waitMs > 0) {
      batch.timer = setTimeout(() => {
        send(batch);
      }, waitMs);
    } else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushAtEndOfTurn);
    }
    return batch;
  };

  return {
    add(message, routingKey, outgoing) {
      const bytes = Buffer.byteLength(outgoing.json) + outgoing.messageId.length + itemOverheadBytes;
      let batch = filling.get(keyOf(message, routingKey));
      if (batch !== undefined && batch.bytes + bytes > deps.maxBatchBytes) {
        send(batch);
        batch = undefined;
      }
      batch ??= startBatch(message, routingKey);
      batch.items.push(outgoing);
      batch.bytes += bytes;
      return batch.sent;
    },
    flush() {
      for (const batch of [...filling.values()]) send(batch);
    },
  };
}
