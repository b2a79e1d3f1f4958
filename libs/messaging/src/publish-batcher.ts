import type { MessageContract } from '@homeport/contracts';
import { createBatchEnvelope, createEnvelope, type Envelope, type OutgoingMessage } from './envelope';

/** Packs the messages of one type and routing key published in one event-loop turn into one AMQP message. */
export interface PublishBatcher {
  /** Resolves once the message (in its batch) is confirmed. */
  add(message: MessageContract, routingKey: string, outgoing: OutgoingMessage): Promise<void>;
  /** Sends every batch being filled now (held ones too), instead of at the end of the turn. */
  flush(): void;
}

/** An item's keys, timestamp and separators in a batch body (its headers are rare and small). */
const itemOverheadBytes = 64;

/** Batches of one type and routing key awaiting their confirm, past which a batch not yet full waits. */
const maxPartialBatchesInFlight = 2;

interface Batch {
  readonly message: MessageContract;
  readonly routingKey: string;
  readonly items: OutgoingMessage[];
  bytes: number;
  /** Kept filling past the end of its turn: batches of its key were awaiting their confirm. */
  held: boolean;
  readonly sent: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A broker's cost is mostly per message, not per byte: a publisher under load (fan-out forwarding what one
 * socket read brought, state-workers announcing one stored batch) sends tens of messages per turn, and
 * each AMQP message costs RabbitMQ a routing, a disk write, a delivery and an ack. A message alone in its
 * turn goes out as a plain envelope, so an idle publisher adds no more than the end of the turn to latency.
 *
 * A batch goes at the end of its turn while fewer than two batches of its type and key await their
 * confirm; otherwise it keeps filling until one of them is confirmed, or until it is full. A publisher
 * whose turns each bring a few messages (broker-api's direct ingest: one device socket per message) sent a
 * batch of one or two per turn; under load they now gather while the broker confirms, so RabbitMQ, the
 * publisher and the consumer handle fewer, fuller messages. It adds at most one confirm's wait, and only
 * when batches are already on their way.
 */
export function createPublishBatcher(deps: {
  /** Batches a body would exceed go out as they are, and a new one starts. */
  maxBatchBytes: number;
  send(message: MessageContract, routingKey: string, envelope: Envelope): Promise<void>;
}): PublishBatcher {
  // By type and routing key (a message routed by subkey: a batch per subkey). Ids hold no newline.
  const filling = new Map<string, Batch>();
  /** Batches sent and not yet confirmed (or refused), by key. */
  const inFlight = new Map<string, number>();
  const keyOf = (message: MessageContract, routingKey: string) => `${message.type}\n${routingKey}`;
  let flushScheduled = false;

  const settled = (key: string): void => {
    const count = (inFlight.get(key) ?? 1) - 1;
    if (count > 0) inFlight.set(key, count);
    else inFlight.delete(key);
    const waiting = filling.get(key);
    if (waiting?.held === true) send(waiting);
  };
  const send = (batch: Batch): void => {
    const key = keyOf(batch.message, batch.routingKey);
    filling.delete(key);
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    const [only] = batch.items;
    const envelope =
      batch.items.length === 1 && only !== undefined
        ? createEnvelope(batch.message, only)
        : createBatchEnvelope(batch.message, batch.items);
    deps.send(batch.message, batch.routingKey, envelope).then(
      () => {
        settled(key);
        batch.resolve();
      },
      (error: unknown) => {
        settled(key);
        batch.reject(error);
      },
    );
  };
  const endTurn = (): void => {
    flushScheduled = false;
    for (const [key, batch] of [...filling]) {
      if ((inFlight.get(key) ?? 0) < maxPartialBatchesInFlight) send(batch);
      else batch.held = true;
    }
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
    const batch: Batch = { message, routingKey, items: [], bytes: 0, held: false, sent, ...settle };
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
        setImmediate(endTurn);
      }
      return batch.sent;
    },
    flush,
  };
}
