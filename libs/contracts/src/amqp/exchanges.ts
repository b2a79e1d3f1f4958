import type { ExchangeContract } from './define';

/** Every message devices send, wrapped in an envelope by fan-out: the ingest work. */
export const deviceMessagesExchange: ExchangeContract = {
  name: 'homeport.device-messages',
  type: 'topic',
  description: 'Device messages from the broker, enveloped by fan-out; work queues bind here.',
};

/** Facts the platform derived (state changed, telemetry recorded, presence): for alerts, geofencing, analytics. */
export const platformEventsExchange: ExchangeContract = {
  name: 'homeport.events',
  type: 'topic',
  description: 'Domain events published after the data is stored; services bind their own queues.',
};
