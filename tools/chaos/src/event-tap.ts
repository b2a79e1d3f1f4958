import {
  defineQueue,
  deviceStateChangedV1,
  deviceTelemetryRecordedV1,
  stateWorkersQueue,
} from '@homeport/contracts';
import { createAmqpMessageBus, defaultConsumeOptions, type MessageBus } from '@homeport/messaging';
import type { PipelineOptions, PipelineResources } from '@homeport/testing';
import type { DeadLetteredMessage } from './accounting';

/** The run's own queue on homeport.events, bound as a downstream service binds its queue. */
export const chaosEventsQueue = defineQueue({
  name: 'chaos.events',
  messages: [deviceTelemetryRecordedV1, deviceStateChangedV1],
  description: 'Events of state-workers, counted by the chaos run to see messages handled twice.',
});

/** The run's pipeline: what `close()` deletes of RabbitMQ besides the services' names (the run's queue too). */
export const chaosPipelineCleanUp: PipelineOptions = {
  busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
  extraQueues: [chaosEventsQueue],
  // A start takes longer than the tests' 30 s on a machine busy with other work: wait rather than retry.
  startTimeoutMs: 90_000,
};

/** Counts state-workers' events, and reads the ingest queue's dead letters. */
export interface EventTap {
  /** telemetry-recorded events per `deviceId@at` (the point's time: the device's `ts`). */
  readonly telemetryEvents: ReadonlyMap<string, number>;
  /** Events received so far. */
  received(): number;
  /** Takes every dead letter of state-workers' ingest queue (they are deleted with the run's names). */
  takeDeadLetters(): Promise<DeadLetteredMessage[]>;
  close(): Promise<void>;
}

/**
 * Declares the queue (before anything is published: a topic exchange drops what no queue is bound to) and
 * counts what arrives. A delivery RabbitMQ marks redelivered already reached this tap before its own
 * connection dropped (a RabbitMQ restart), so it is counted only when it was never seen; a handled-twice
 * message is a new publication, not a redelivery.
 */
export async function startEventTap(resources: PipelineResources): Promise<EventTap> {
  const bus: MessageBus = await createAmqpMessageBus({
    url: resources.urls.amqpUrl,
    connectionName: `chaos-${resources.amqpPrefix}`,
    queues: [chaosEventsQueue],
    namePrefix: resources.amqpPrefix,
    reconnectDelayMs: 500,
  });
  const telemetryEvents = new Map<string, number>();
  let received = 0;
  await bus.consume(
    chaosEventsQueue,
    {
      [deviceTelemetryRecordedV1.type]: (event, meta) => {
        const key = `${event.deviceId}@${event.at}`;
        const seen = telemetryEvents.get(key) ?? 0;
        if (!meta.redelivered || seen === 0) telemetryEvents.set(key, seen + 1);
        received += 1;
        return Promise.resolve();
      },
      [deviceStateChangedV1.type]: () => {
        received += 1;
        return Promise.resolve();
      },
    },
    { prefetch: 500 },
  );
  return {
    telemetryEvents,
    received: () => received,
    async takeDeadLetters() {
      const letters = await bus.takeDeadLetters(stateWorkersQueue, 1_000_000);
      return letters.map((letter) => readDeadLetter(letter.body, letter.reason));
    },
    close: () => bus.close(),
  };
}

/** The device and `ts` of a dead-lettered envelope, as far as its body can be read. */
function readDeadLetter(body: string, reason: string): DeadLetteredMessage {
  try {
    const envelope = JSON.parse(body) as { deviceId?: unknown; payload?: { ts?: unknown } };
    const ts = envelope.payload?.ts;
    return { deviceId: String(envelope.deviceId), ts: typeof ts === 'number' ? ts : undefined, reason };
  } catch {
    return { deviceId: '?', ts: undefined, reason };
  }
}
