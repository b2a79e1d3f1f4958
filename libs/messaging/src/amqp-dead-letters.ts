import type { QueueContract } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { Channel } from 'amqplib';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { readEnvelope } from './amqp-channel';
import { readDeadLetter } from './dead-letter';
import type { DeadLetter, QueueStats } from './message-bus';
import type { TopologyNames } from './topology-names';

/**
 * Runs `work` on a short-lived channel of its own, so a missing queue (a 404 closes the channel) cannot harm
 * the bus's channels; the channel is closed afterwards whatever happened.
 */
async function withOwnChannel<T>(
  manager: AmqpConnectionManager,
  work: (channel: Channel) => Promise<T>,
): Promise<T> {
  const connection = manager.connection;
  if (connection === undefined) {
    throw new AppError('unavailable', 'MESSAGE_BROKER_UNAVAILABLE', 'not connected to RabbitMQ');
  }
  const channel = await connection.createChannel();
  channel.on('error', () => undefined); // a 404 is reported by the rejected call itself
  try {
    return await work(channel);
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/** Gets up to `max` dead letters of the queue; `noAck` false leaves them to be acked or put back. */
async function getDeadLetters(
  channel: Channel,
  names: TopologyNames,
  queue: QueueContract,
  max: number,
  noAck: boolean,
): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  while (letters.length < max) {
    const message = await channel.get(names.deadLetterQueue(queue), { noAck });
    if (message === false) break;
    letters.push(readDeadLetter(readEnvelope(message), names.queue(queue)));
  }
  return letters;
}

/** Removes up to `max` messages from the queue's dead-letter queue. */
export function takeAmqpDeadLetters(
  manager: AmqpConnectionManager,
  names: TopologyNames,
  queue: QueueContract,
  max: number,
): Promise<DeadLetter[]> {
  return withOwnChannel(manager, (channel) => getDeadLetters(channel, names, queue, max, true));
}

/**
 * Reads up to `max` messages of the queue's dead-letter queue and puts them back: they are held unacked
 * while read, then nacked with requeue, which RabbitMQ returns to their place at the head of the queue
 * (AMQP 0-9-1 §basic.reject; closing the channel would requeue them too). A consumer of the dead-letter queue
 * would see them redelivered: the platform has none, they are kept for operators.
 */
export function peekAmqpDeadLetters(
  manager: AmqpConnectionManager,
  names: TopologyNames,
  queue: QueueContract,
  max: number,
): Promise<DeadLetter[]> {
  return withOwnChannel(manager, async (channel) => {
    // Should a get fail, closing the channel puts back what it holds.
    const letters = await getDeadLetters(channel, names, queue, max, false);
    channel.nackAll(true);
    return letters;
  });
}

/**
 * The queue's and its dead-letter queue's depth and consumers (AMQP queue.declare passive, no management
 * plugin); undefined when the broker does not know the queue (nobody declared it yet).
 */
export async function inspectAmqpQueue(
  manager: AmqpConnectionManager,
  names: TopologyNames,
  queue: QueueContract,
): Promise<QueueStats | undefined> {
  const check = (name: string) =>
    withOwnChannel(manager, (channel) => channel.checkQueue(name)).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
  const [work, deadLetters] = await Promise.all([
    check(names.queue(queue)),
    check(names.deadLetterQueue(queue)),
  ]);
  if (work === undefined) return undefined;
  return {
    messages: work.messageCount,
    consumers: work.consumerCount,
    deadLetters: deadLetters?.messageCount ?? 0,
  };
}

/** A passive declare of a queue the broker does not have closes the channel with 404 NOT_FOUND. */
function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 404;
}
