import type { Aedes, Client } from 'aedes';

/** aedes' registry of its connections by client id (aedes.js); its typings leave it out. */
interface ClientRegistry {
  readonly clients: Record<string, Client | undefined>;
  connectedClients: number;
  unregisterClient(client: Client): void;
}

/**
 * Unregisters a closing connection only while it is still the one registered for its client id. aedes 1.2
 * (lib/client.js, `close`) unregisters a closing connection by its id once its subscriptions are removed
 * from the emitter (a Redis round trip here); a device that connected again meanwhile was registered without
 * waiting, since its old connection was already closing, and lost its registration then. That newer
 * connection later ended without `clientDisconnect` (so no offline presence: the device stayed online), and
 * a third connection with the id did not take it over (MQTT-3.1.4-2). A connection replaced this way gets
 * its `clientDisconnect` alone; its `$SYS` disconnect announcement is one nothing reads
 * (unread-sys-publications.ts). Install before the listeners start.
 */
export function unregisterCurrentClientOnly(broker: Aedes): void {
  const registry = broker as unknown as ClientRegistry;
  const unregister = registry.unregisterClient.bind(broker);
  registry.unregisterClient = (client) => {
    if (registry.clients[client.id] === client) {
      unregister(client);
      return;
    }
    registry.connectedClients -= 1;
    broker.emit('clientDisconnect', client);
  };
}
