import { publicApiLiveEventsQueue } from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import type { LiveRecorder } from '../domain/live-events';

/**
 * Appends homeport.events' state changes and presence to the homes' live logs. Every replica consumes the
 * one queue (competing): each event is appended once, by whichever replica takes it, and read by all.
 */
export function consumeLiveEvents(bus: MessageBus, recorder: LiveRecorder): Promise<Consumer> {
  return bus.consume(publicApiLiveEventsQueue, {
    'device.state-changed.v1': async (event, { messageId }) => {
      await recorder.recordStateChanged(event, messageId);
    },
    'device.presence.v1': async (event, { messageId }) => {
      await recorder.recordPresence(event, messageId);
    },
  });
}
