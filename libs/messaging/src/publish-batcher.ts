import type { MessageContract } from '@homeport/contracts';
import { createBatchEnvelope, createEnvelope, type Envelope, type OutgoingMessage } from './envelope';

/** Packs the messages of one type and routing key published in one event-loop turn into one AMQP message. */
export interface PublishBatcher {
  /** Resolves once the message (in its batch) is confirmed. */
  add(message: MessageContract, routingKey: string, outgoing: OutgoingMessage): Promise<void>;
  /** Sends every batch being filled now, instead of at the end of the turn. */
  flush(): void;
}

/** An item's keys, timestamp and separators in a batch body (its headers are rare and small). */
const itemOverheadBytes = 64;

interface Batch {
  readonly message: MessageContract;
  readonly routingKey: string;
  readonly items: OutgoingMessage[];
  bytes: number;
  readonly sent: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A broker's cost is mostly per message, not per byte: a publisher under load (fan-out forwarding what one
 * socket read brought, state-workers announcing one stored batch) sends tens of messages per turn, and
 * each AMQP message costs RabbitMQ a routing, a disk write, a delivery and an ack. A message alone in its
 * turn goes out as a plain envelope, so an idle publisher adds no more than the end of the turn to latency.
 */
export function createPublishBatcher(deps: {
  /** Batches a body would exceed go out as they are, and a new one starts. */
  maxBatchBytes: number;
  send(message: MessageContract, routingKey: string, envelope: Envelope): Promise<void>;
}): PublishBatcher {
  // By type and routing key (a message routed by subkey: a batch per subkey). Ids hold no newline.
  const filling = new Map<string, Batch>();
  const keyOf = (message: MessageContract, routingKey: string) => `${message.type}\n${routingKey}`;
  let flushScheduled = false;

  const send = (batch: Batch): void => {
    filling.delete(keyOf(batch.message, batch.routingKey));
    const [only] = batch.items;
    const envelope =
      batch.items.length === 1 && only !== undefined
        ? createEnvelope(batch.message, only)
        : createBatchEnvelope(batch.message, batch.items);
    deps.send(batch.message, batch.routingKey, envelope).then(batch.resolve, batch.reject);
  };
  const flush = (): void => {
    flushScheduled = false;
    for (const batch of [...filling.values()]) send(batch);
  };
  const startBatch = (message: MessageContract, routingKey: string): Batch => {
    let settle: Pick<Batch, 'resolve' | 'reject'> = { resolve: () => undefined, reject: () => undefined };
    const sent = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const batch: Batch = { message, routingKey, items: [], bytes: 0, sent, ...settle };
    filling.set(keyOf(message, routingKey), batch);
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
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
      return batch.sent;
    },
    flush,
  };
}
