import {
  alertsDeviceEventsQueue,
  deviceChangedV1,
  deviceEventV1,
  devicePresenceV1,
  deviceStateChangedV1,
  deviceTelemetryRecordedV1,
} from '@homeport/contracts';
import type { ConsumeOptions, Consumer, MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import type { DeviceSignal, Evaluator } from '../domain/evaluator';
import type { AlertsMetrics } from '../metrics';
import { createKeyedSerial } from './keyed-serial';

/**
 * Consumes alerts.device-events (a single active consumer: one replica at a time) into the evaluator. The
 * prefetch window's messages are handled side by side, but one device's one at a time, in arrival order.
 */
export function startDeviceEventsConsumer(deps: {
  readonly bus: MessageBus;
  readonly evaluator: Evaluator;
  readonly metrics: AlertsMetrics;
  readonly logger: Logger;
  readonly options: ConsumeOptions;
}): Promise<Consumer> {
  const serial = createKeyedSerial();
  const keyOf = (device: { vendorId: string; deviceId: string }) => `${device.vendorId}/${device.deviceId}`;
  // sentAtMs: the event's time, for its age at evaluation (the service's lag).
  const evaluate = (type: string, signal: DeviceSignal, sentAtMs: number) =>
    serial(keyOf(signal), async () => {
      const stopTimer = deps.metrics.evaluationSeconds.startTimer();
      try {
        await deps.evaluator.handle(signal);
      } catch (error) {
        // The bus retries the event, then dead-letters it; the log says why.
        deps.metrics.evaluationFailures.inc({ type });
        deps.logger.warn({ err: error, type, deviceId: signal.deviceId }, 'evaluating a device event failed');
        throw error;
      } finally {
        stopTimer();
        deps.metrics.events.inc({ type });
        deps.metrics.eventAgeSeconds.observe(Math.max(0, Date.now() - sentAtMs) / 1000);
      }
    });
  return deps.bus.consume(
    alertsDeviceEventsQueue,
    {
      [deviceStateChangedV1.type]: ({ vendorId, deviceId, state, receivedAt, reportedAt }) =>
        evaluate(
          deviceStateChangedV1.type,
          { kind: 'state', vendorId, deviceId, values: state },
          receivedAt ?? reportedAt,
        ),
      [deviceTelemetryRecordedV1.type]: ({ vendorId, deviceId, metrics, at }) =>
        evaluate(
          deviceTelemetryRecordedV1.type,
          { kind: 'telemetry', vendorId, deviceId, values: metrics },
          at,
        ),
      [devicePresenceV1.type]: ({ vendorId, deviceId, status, at }) =>
        evaluate(
          devicePresenceV1.type,
          { kind: 'presence', vendorId, deviceId, online: status === 'online' },
          at,
        ),
      [deviceEventV1.type]: ({ vendorId, deviceId, payload, receivedAt }) =>
        evaluate(
          deviceEventV1.type,
          {
            kind: 'event',
            vendorId,
            deviceId,
            event: { name: payload.event, severity: payload.severity ?? 'info' },
          },
          receivedAt,
        ),
      // In line with the device's signals: the ones before the change are evaluated as they were.
      [deviceChangedV1.type]: (change) =>
        serial(keyOf(change), () => {
          deps.evaluator.forgetDevice(change.deviceId);
          return Promise.resolve();
        }),
    },
    deps.options,
  );
}
