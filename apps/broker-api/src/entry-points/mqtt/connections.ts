import type { Client } from 'aedes';
import type { DeviceIdentity, MqttIdentity } from '../../domain/mqtt-identity';

/** A connected device on this replica. */
export interface DeviceConnection {
  readonly client: Client;
  readonly identity: DeviceIdentity;
  /** Identifies this connection in the registry's presence columns. */
  readonly connectionId: string;
}

/**
 * Who is on each connection of this replica: identities from CONNECT (weakly held, so a CONNECT that fails
 * later leaks nothing), and connected devices by id for the revocation sweep.
 */
export function createConnections() {
  const identities = new WeakMap<Client, MqttIdentity>();
  const devices = new Map<string, DeviceConnection>();
  // Connections the broker closed on purpose (revoked): their end counts as a clean disconnect.
  const closedByBroker = new WeakSet<Client>();
  return {
    authenticated(client: Client, identity: MqttIdentity): void {
      identities.set(client, identity);
    },
    identityOf(client: Client | null): MqttIdentity | undefined {
      return client === null ? undefined : identities.get(client);
    },
    deviceReady(connection: DeviceConnection): void {
      devices.set(connection.identity.deviceId, connection);
    },
    /** Forgets the device's connection if it is still this client (a newer one may have replaced it). */
    deviceGone(client: Client, deviceId: string): void {
      if (devices.get(deviceId)?.client === client) devices.delete(deviceId);
    },
    findDevice(deviceId: string): DeviceConnection | undefined {
      return devices.get(deviceId);
    },
    closeByBroker(client: Client): void {
      closedByBroker.add(client);
      client.close();
    },
    /** Closes every device connection (shutdown), while the broker can still publish their presence. */
    async closeAllDevices(): Promise<void> {
      const closing = [...devices.values()].map(
        ({ client }) =>
          new Promise<void>((resolve) => {
            closedByBroker.add(client);
            client.close(resolve);
          }),
      );
      await Promise.all(closing);
    },
    wasClosedByBroker(client: Client): boolean {
      return closedByBroker.has(client);
    },
  };
}

/** The connection registry of one replica. */
export type Connections = ReturnType<typeof createConnections>;
