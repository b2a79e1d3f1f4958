import type { QueueContract } from '@homeport/contracts';
import { waitFor } from '@homeport/testing';
import type { DeadLetter, MessageBus } from '../src';

/** Takes dead letters until `count` have been collected. */
export async function takeDeadLetters(
  bus: MessageBus,
  queue: QueueContract,
  count: number,
): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  await waitFor(async () => {
    letters.push(...(await bus.takeDeadLetters(queue, count - letters.length)));
    return letters.length >= count;
  }, `${count} dead letters`);
  return letters;
}
