import type { Aedes, Client } from 'aedes';

/** aedes' registry of its connections by client id (aedes.js); its typings leave it out. */
interface ClientRegistry {
  readonly clients: Record<string, Client | undefined>;
  connectedClients: number;
  unregisterClient(client: Client): void;
  deleteClient(clientId: string): void;
}

/**
 * Gives every registered connection exactly one `clientDisconnect`, and unregisters a closing connection only
 * while it is still the one registered for its client id. Two paths of aedes 1.2 missed it:
 * - `close` (lib/client.js) unregisters a closing connection by its id once its subscriptions are removed
 *   from the emitter (a Redis round trip here); a device that connected again meanwhile was registered
 *   without waiting, since its old connection was already closing, and lost its registration then. That
 *   newer connection later ended without `clientDisconnect` (so no offline presence: the device stayed
 *   online), and a third connection with the id did not take it over (MQTT-3.1.4-2).
 * - A connection with the id on another replica (`closeSameClients`, aedes.js) deletes a connection that is
 *   closing here from the registry, silently: its `close` then finds no registration and emits nothing, so
 *   this replica's connections and gauge kept it.
 * A connection ended either way gets its `clientDisconnect` alone; its `$SYS` disconnect announcement is one
 * nothing reads (unread-sys-publications.ts). Install before the listeners start.
 */
export function installCurrentClientRegistration(broker: Aedes): void {
  const registry = broker as unknown as ClientRegistry;
  const unregister = registry.unregisterClient.bind(broker);
  const deleteClient = registry.deleteClient.bind(broker);
  // Connections whose `clientDisconnect` was emitted when another replica took their id over.
  const announced = new WeakSet<Client>();
  let unregistering = false;

  registry.unregisterClient = (client) => {
    if (registry.clients[client.id] === client) {
      unregistering = true;
      try {
        unregister(client);
      } finally {
        unregistering = false;
      }
      return;
    }
    if (announced.has(client)) return;
    registry.connectedClients -= 1;
    broker.emit('clientDisconnect', client);
  };
  registry.deleteClient = (clientId) => {
    const client = registry.clients[clientId];
    deleteClient(clientId);
    if (unregistering || client === undefined || !client.closed) return;
    announced.add(client);
    broker.emit('clientDisconnect', client);
  };
}
