import { alexaChangeReportsQueue } from '@homeport/contracts';
import type { Consumer, MessageBus } from '@homeport/messaging';
import type { AlexaChangeReporter } from '../domain/alexa-change-reports';

/**
 * Turns homeport.events' state changes and presence into Alexa ChangeReports, claims and renames into
 * Discovery AddOrUpdateReports. The replicas compete on one queue; an event is acked once every linked
 * person's report was accepted (or refused for good).
 */
export function consumeAlexaChangeReports(bus: MessageBus, reporter: AlexaChangeReporter): Promise<Consumer> {
  return bus.consume(alexaChangeReportsQueue, {
    'device.state-changed.v1': async (event) => {
      await reporter.stateChanged(event);
    },
    'device.presence.v1': async (event) => {
      await reporter.presence(event);
    },
    'device.changed.v1': async (event) => {
      await reporter.deviceChanged(event);
    },
  });
}
