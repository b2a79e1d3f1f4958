import { brokerApiReportedStateQueue, deviceStateChangedV1 } from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import type { ShadowService } from '../../domain/shadow-service';

/**
 * Keeps each shadow's copy of the reported state from state-workers' device.state-changed.v1 events.
 * Idempotent: a redelivered or older event does not overwrite a newer copy; events of unknown devices are
 * acknowledged and dropped (the device was deleted).
 */
export function startReportedStateConsumer(bus: MessageBus, shadows: ShadowService): Promise<Consumer> {
  return bus.consume(brokerApiReportedStateQueue, {
    [deviceStateChangedV1.type]: async (event) => {
      await shadows.recordReported({
        deviceId: event.deviceId,
        state: event.state,
        seq: event.seq,
        reportedAt: new Date(event.reportedAt),
      });
    },
  });
}
