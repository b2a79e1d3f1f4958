import { allQueues, type DeadLetterSummary, type QueueHealth } from '@homeport/contracts';
import type { DeadLetter, MessageBus } from '@homeport/messaging';
import type { QueueOverview } from '../domain/operations';

function summarize(letter: DeadLetter): DeadLetterSummary {
  return {
    ...(letter.messageId !== undefined && { messageId: letter.messageId }),
    ...(letter.type !== undefined && { type: letter.type }),
    reason: letter.reason,
    errorCode: letter.errorCode,
    attempts: letter.attempts,
    failedAt: letter.failedAt.toISOString(),
  };
}

/**
 * Every work queue of contracts through public-api's own bus (the platform's RabbitMQ connection, or the
 * embedded in-process queue): depth, consumers, and its first dead letters, peeked, never taken.
 */
export function createBusQueueOverview(bus: MessageBus): QueueOverview {
  return {
    read: (deadLettersPerQueue) =>
      Promise.all(
        allQueues.map(async (queue): Promise<QueueHealth> => {
          const base = { name: queue.name, description: queue.description };
          const stats = await bus.inspectQueue(queue);
          if (stats === undefined) return { ...base, declared: false, firstDeadLetters: [] };
          const letters =
            stats.deadLetters > 0 && deadLettersPerQueue > 0
              ? await bus.peekDeadLetters(queue, deadLettersPerQueue)
              : [];
          return { ...base, declared: true, ...stats, firstDeadLetters: letters.map(summarize) };
        }),
      ),
  };
}
