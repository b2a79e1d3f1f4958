import {
  defineQueue,
  deviceStateChangedV1,
  stateWorkersQueue,
  type MessagePayload,
} from '@homeport/contracts';
import {
  createAmqpMessageBus,
  defaultConsumeOptions,
  type DeadLetter,
  type MessageBus,
} from '@homeport/messaging';
import { waitFor, type PipelineOptions, type PipelineResources } from '@homeport/testing';

/** A queue of the tests' own on homeport.events, bound the way a downstream service binds its queue. */
export const testStateChangedQueue = defineQueue({
  name: 'e2e.state-changed',
  messages: [deviceStateChangedV1],
  description: 'State changes published by state-workers, as a downstream service sees them.',
});

/** What a suite's `pipeline.close()` deletes of RabbitMQ besides the services' names: the tests' queue too. */
export const e2ePipelineCleanUp: PipelineOptions = {
  busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
  extraQueues: [testStateChangedQueue],
};

/** A state-changed event as a downstream consumer received it. */
export type StateChangedEvent = MessagePayload<typeof deviceStateChangedV1>;

/** The tests' own bus on the suite's names: it sees events and dead letters. */
export interface TestBus {
  readonly stateChanged: StateChangedEvent[];
  /** Removes and returns the dead letters of the ingest queue, waiting until `count` arrived. */
  takeIngestDeadLetters(count: number, timeoutMs?: number): Promise<DeadLetter[]>;
  close(): Promise<void>;
}

/**
 * Declares the tests' queue (start this before anything is published: a topic exchange drops what no queue
 * is bound to yet) and collects the state-changed events that arrive on it.
 */
export async function startTestBus(resources: PipelineResources): Promise<TestBus> {
  const bus: MessageBus = await createAmqpMessageBus({
    url: resources.urls.amqpUrl,
    connectionName: `e2e-tests-${resources.amqpPrefix}`,
    queues: [testStateChangedQueue],
    namePrefix: resources.amqpPrefix,
    reconnectDelayMs: 200,
  });
  const stateChanged: StateChangedEvent[] = [];
  await bus.consume(testStateChangedQueue, {
    [deviceStateChangedV1.type]: (payload) => {
      stateChanged.push(payload);
      return Promise.resolve();
    },
  });
  return {
    stateChanged,
    async takeIngestDeadLetters(count, timeoutMs = 15_000) {
      const letters: DeadLetter[] = [];
      await waitFor(
        async () => {
          letters.push(...(await bus.takeDeadLetters(stateWorkersQueue, count - letters.length)));
          return letters.length >= count;
        },
        `${count} dead letters of ${stateWorkersQueue.name}`,
        { timeoutMs, intervalMs: 200 },
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}; got ${JSON.stringify(letters.map((letter) => letter.reason))}`);
      });
      return letters;
    },
    close: () => bus.close(),
  };
}
