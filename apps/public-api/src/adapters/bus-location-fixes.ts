import { locationFixesReportedV1 } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import type { LocationFixesPublisher } from '../domain/locations';

/** Batches of fixes to geofencing's queue; the batch id is the message id, so a re-publish is recognisable. */
export function createBusLocationFixes(bus: MessageBus): LocationFixesPublisher {
  return {
    publish: (message) =>
      bus.publish(locationFixesReportedV1, message, { messageId: `fixes/${message.batchId}` }),
  };
}
