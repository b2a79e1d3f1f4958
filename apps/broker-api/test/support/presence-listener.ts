import { devicePresenceV1, type MessagePayload } from '@homeport/contracts';
import { listenForEvents } from '@homeport/testing';

/** A device.presence.v1 event as read from RabbitMQ. */
export type PresenceEvent = MessagePayload<typeof devicePresenceV1>;

/** Reads the presence events published on RabbitMQ (through a temporary queue of the test's own). */
export async function listenForPresence(namePrefix: string) {
  const listener = await listenForEvents(namePrefix, devicePresenceV1);
  return {
    /** The events of one device, in arrival order. */
    of: (deviceId: string): PresenceEvent[] =>
      listener.events().filter((event) => event.deviceId === deviceId),
    close: listener.close,
  };
}
