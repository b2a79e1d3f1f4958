import {
  deviceCredentialIssuedV1,
  deviceDeletedV1,
  deviceEventV1,
  deviceReportedV1,
  deviceTelemetryV1,
  stateWorkersQueue,
} from '@homeport/contracts';
import { isAppError } from '@homeport/errors';
import type { ConsumeOptions, Consumer, MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import type { DeviceCredentialIssued, DeviceDeleted } from '../domain/device-lifecycle';
import type { DeviceReported, ReportedStateOutcome } from '../domain/record-reported-state';
import type { DeviceEvent, DeviceTelemetry } from '../domain/time-series-layout';
import type { StateWorkersMetrics } from '../metrics';

/** The use cases the ingest queue feeds. */
export interface DeviceMessageUseCases {
  recordReportedState(message: DeviceReported): Promise<ReportedStateOutcome>;
  recordTelemetry(message: DeviceTelemetry): Promise<void>;
  recordDeviceEvent(message: DeviceEvent): Promise<void>;
  forgetDevice(event: DeviceDeleted): Promise<void>;
  startOrderEpoch(event: DeviceCredentialIssued): Promise<void>;
}

/** Dependencies of the ingest consumer. */
export interface DeviceMessagesConsumerDeps {
  readonly bus: MessageBus;
  readonly useCases: DeviceMessageUseCases;
  readonly metrics: StateWorkersMetrics;
  readonly logger: Logger;
  readonly options: ConsumeOptions;
}

/**
 * Consumes the ingest queue (`stateWorkersQueue`): device messages, and broker-api's device deletions and new
 * credentials (queued ahead of what the device sends afterwards). The bus has validated each message against
 * its contract (invalid ones are dead-lettered before reaching here); each handler calls its use case and
 * resolves (ack) only once the use case's writes and event are done. Errors go back to the bus, which
 * retries `unavailable` and unknown errors and dead-letters the other kinds (`invalid`: refused by the
 * domain, e.g. a state over the property limit).
 */
export function startDeviceMessagesConsumer(deps: DeviceMessagesConsumerDeps): Promise<Consumer> {
  const { useCases, metrics, logger } = deps;
  const observe = async (
    type: string,
    message: { receivedAt: number; payload: { ts?: number } } | undefined,
    work: () => Promise<string>,
  ): Promise<void> => {
    try {
      metrics.messages.inc({ type, outcome: await work() });
      if (message === undefined) return; // a lifecycle event: no device latency to observe
      const now = Date.now();
      metrics.pipelineLatency.observe({ type }, Math.max(0, now - message.receivedAt) / 1000);
      const { ts } = message.payload;
      if (ts !== undefined) metrics.deviceLatency.observe({ type }, Math.max(0, now - ts) / 1000);
    } catch (error) {
      const kind = isAppError(error) ? error.kind : 'bug';
      metrics.failures.inc({ type, kind });
      if (kind === 'bug') logger.error({ err: error, type }, 'handling a device message failed');
      else logger.warn({ err: error, type }, 'a device message was not stored');
      throw error;
    }
  };
  const recorded = (work: () => Promise<void>) => async () => {
    await work();
    return 'recorded';
  };
  return deps.bus.consume(
    stateWorkersQueue,
    {
      [deviceReportedV1.type]: (message) => {
        metrics.reportedStages.observe(
          { stage: 'wait' },
          Math.max(0, Date.now() - message.receivedAt) / 1000,
        );
        return observe(deviceReportedV1.type, message, () => useCases.recordReportedState(message));
      },
      [deviceTelemetryV1.type]: (message) =>
        observe(
          deviceTelemetryV1.type,
          message,
          recorded(() => useCases.recordTelemetry(message)),
        ),
      [deviceEventV1.type]: (message) =>
        observe(
          deviceEventV1.type,
          message,
          recorded(() => useCases.recordDeviceEvent(message)),
        ),
      [deviceDeletedV1.type]: (event) =>
        observe(
          deviceDeletedV1.type,
          undefined,
          recorded(() => useCases.forgetDevice(event)),
        ),
      [deviceCredentialIssuedV1.type]: (event) =>
        observe(
          deviceCredentialIssuedV1.type,
          undefined,
          recorded(() => useCases.startOrderEpoch(event)),
        ),
    },
    deps.options,
  );
}
