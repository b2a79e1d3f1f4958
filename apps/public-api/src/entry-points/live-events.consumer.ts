import { publicApiLiveEventsQueue } from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import { createAlertEventHandlers } from './alert-event-handlers';
import type { LiveRecorder } from '../domain/live-events';

/** Told of each stored report, presence change and change through broker-api (the replicas' device views). */
export interface DeviceStateChanges {
  stateChanged(deviceId: string, reportedAtMs?: number): Promise<void>;
  deviceChanged(deviceId: string): Promise<void>;
}

/**
 * Appends homeport.events' state changes, presence and alerts to the homes' live logs, and announces them to
 * the replicas' device caches, with the changes other services made through broker-api (an automation's
 * desired state). Every replica consumes the one queue (competing): each event is appended once,
 * by whichever replica takes it, and read by all.
 */
export function consumeLiveEvents(
  bus: MessageBus,
  recorder: LiveRecorder,
  changes: DeviceStateChanges,
): Promise<Consumer> {
  return bus.consume(publicApiLiveEventsQueue, {
    'device.state-changed.v1': async (event, { messageId }) => {
      await changes.stateChanged(event.deviceId, event.reportedAt);
      await recorder.recordStateChanged(event, messageId);
    },
    'device.presence.v1': async (event, { messageId }) => {
      await changes.stateChanged(event.deviceId);
      await recorder.recordPresence(event, messageId);
    },
    'device.changed.v1': (event) => changes.deviceChanged(event.deviceId),
    ...createAlertEventHandlers((message, messageId) => recorder.recordAlert(message, messageId)),
  });
}
