import { deviceStateChangedV1, deviceTelemetryRecordedV1, type MessagePayload } from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import { parseMetricSamples, type Registry } from '@homeport/observability';
import { testEventsQueue } from './harness';

/** An event as a downstream consumer sees it. */
export interface SeenEvent<P> {
  readonly payload: P;
  readonly messageId: string;
}

/** The events state-workers published, as collected from the tests' own queue. */
export interface SeenEvents {
  readonly stateChanged: SeenEvent<MessagePayload<typeof deviceStateChangedV1>>[];
  readonly telemetryRecorded: SeenEvent<MessagePayload<typeof deviceTelemetryRecordedV1>>[];
  readonly consumer: Consumer;
}

/** Collects every event published on the suite's homeport.events (bound through testEventsQueue). */
export async function collectEvents(bus: MessageBus): Promise<SeenEvents> {
  const stateChanged: SeenEvents['stateChanged'] = [];
  const telemetryRecorded: SeenEvents['telemetryRecorded'] = [];
  const consumer = await bus.consume(testEventsQueue, {
    [deviceStateChangedV1.type]: (payload, meta) => {
      stateChanged.push({ payload, messageId: meta.messageId });
      return Promise.resolve();
    },
    [deviceTelemetryRecordedV1.type]: (payload, meta) => {
      telemetryRecorded.push({ payload, messageId: meta.messageId });
      return Promise.resolve();
    },
  });
  return { stateChanged, telemetryRecorded, consumer };
}

/** How many messages the workers handled with this outcome (their state_workers_messages_total). */
export async function countOutcomes(registry: Registry, outcome: string): Promise<number> {
  const metric = registry.getSingleMetric('state_workers_messages_total');
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  return values
    .filter((value) => value.labels.outcome === outcome)
    .reduce((sum, value) => sum + value.value, 0);
}

/** How many reported messages each stage of state_workers_reported_stage_seconds has timed, by stage. */
export async function countReportedStages(registry: Registry): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const sample of parseMetricSamples(await registry.metrics())) {
    const { stage } = sample.labels;
    if (sample.name === 'state_workers_reported_stage_seconds_count' && stage !== undefined) {
      counts[stage] = sample.value;
    }
  }
  return counts;
}
