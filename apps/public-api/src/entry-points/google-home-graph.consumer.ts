import { googleHomeGraphQueue } from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import type { GoogleHomeGraphReports } from '../domain/google-home-graph-reports';

/**
 * Turns homeport.events' state, presence and device changes into HomeGraph calls. Replicas compete on the
 * queue; a HomeGraph that throttles or fails (AppError unavailable) is retried with the bus's backoff, then
 * dead-lettered.
 */
export function consumeGoogleHomeGraph(bus: MessageBus, reports: GoogleHomeGraphReports): Promise<Consumer> {
  return bus.consume(googleHomeGraphQueue, {
    'device.state-changed.v1': (event, { messageId }) => reports.stateChanged(event, messageId),
    'device.presence.v1': (event, { messageId }) => reports.presence(event, messageId),
    'device.changed.v1': (event) => reports.deviceChanged(event),
  });
}
