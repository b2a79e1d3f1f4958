import type { Logger } from '@homeport/observability';
import type { Aedes, Client } from 'aedes';
import { randomUUID } from 'node:crypto';
import { createLostConnections, type EndedConnection } from '../../domain/lost-connections';
import type { DisconnectReason, PresenceService } from '../../domain/presence';
import type { BackgroundTasks } from './background-tasks';
import { createBoundedLog } from './bounded-log';
import type { Connections } from './connections';
import type { MqttMetrics } from './mqtt-metrics';

/** Dependencies of the presence handlers. */
export interface PresenceEventsDeps {
  readonly connections: Connections;
  readonly presence: PresenceService;
  readonly tasks: BackgroundTasks;
  readonly metrics: MqttMetrics;
  readonly logger: Logger;
  /** How long a lost connection waits for its device to come back before it is announced offline (0: at once). */
  readonly offlineGraceMs: number;
}

/** The presence handlers' own work. */
export interface PresenceEvents {
  /** Stops the grace: announces every held lost connection now (shutdown, once the devices are closed). */
  announceHeld(): void;
}

// How often the held lost connections are looked at: an offline goes out up to this long after its grace.
const maxHeldCheckMs = 1_000;

/** aedes sets this when the client sent DISCONNECT (MQTT-3.14.4-3); it has no public accessor. */
function sentDisconnect(client: Client): boolean {
  return (client as Client & { _disconnected?: boolean })._disconnected === true;
}

/**
 * Device presence from the connection lifecycle: online when a device's session is ready; offline when it
 * ends, as `disconnected` (DISCONNECT sent, or closed by the broker: revoked, shutdown) at once, or
 * `connection_lost` (socket closed without DISCONNECT, keepalive timeout) once `offlineGraceMs` passed without
 * the device back on this replica (another replica's newer connection makes the offline a no-op in the
 * registry). Also keeps the connected-clients gauge.
 */
export function installPresenceEvents(broker: Aedes, deps: PresenceEventsDeps): PresenceEvents {
  const { connections, tasks, metrics, logger, offlineGraceMs } = deps;
  // A client can cause these over and over (reconnect, misbehave, be closed): bounded, not one per event.
  const logBounded = createBoundedLog(logger);
  const lost = createLostConnections();
  const announceOffline = (ended: EndedConnection, reason: DisconnectReason) => {
    const { address, connectionId, at } = ended;
    tasks.run('presence-disconnected', () => deps.presence.disconnected(address, connectionId, reason, at), {
      deviceId: address.deviceId,
    });
  };
  const announceLostBy = (lostBy?: Date) => {
    for (const due of lost.takeLostBy(lostBy)) announceOffline(due, 'connection_lost');
  };
  const heldCheck =
    offlineGraceMs > 0
      ? setInterval(
          () => {
            announceLostBy(new Date(Date.now() - offlineGraceMs));
          },
          Math.min(offlineGraceMs, maxHeldCheckMs),
        ).unref()
      : undefined;

  broker.on('client', (client) => {
    metrics.connected.inc({ kind: connections.identityOf(client)?.kind ?? 'unknown' });
  });

  broker.on('clientReady', (client) => {
    const identity = connections.identityOf(client);
    if (identity?.kind !== 'device') return;
    const connectionId = randomUUID();
    connections.deviceReady({ client, identity, connectionId });
    if (lost.release(identity.deviceId)) metrics.lostConnectionsResumed.inc();
    const at = new Date();
    tasks.run('presence-connected', () => deps.presence.connected(identity, connectionId, at), {
      deviceId: identity.deviceId,
    });
  });

  broker.on('clientDisconnect', (client) => {
    const identity = connections.identityOf(client);
    metrics.connected.dec({ kind: identity?.kind ?? 'unknown' });
    if (identity?.kind !== 'device') return;
    const connection = connections.findDevice(identity.deviceId);
    connections.deviceGone(client, identity.deviceId);
    if (connection?.client !== client) return; // replaced by a newer connection on this replica
    const ended = { address: identity, connectionId: connection.connectionId, at: new Date() };
    if (sentDisconnect(client) || connections.wasClosedByBroker(client))
      announceOffline(ended, 'disconnected');
    else if (offlineGraceMs > 0) lost.hold(ended);
    else announceOffline(ended, 'connection_lost');
  });

  broker.on('clientError', (client, error) => {
    const fields = { clientId: client.id, reason: error.message };
    logBounded('client error', fields, 'mqtt client error; connection closed');
  });
  broker.on('connectionError', (_client, error) => {
    logger.debug({ reason: error.message }, 'mqtt connection error before CONNECT completed');
  });
  broker.on('keepaliveTimeout', (client) => {
    logBounded('keepalive timeout', { clientId: client.id }, 'mqtt keepalive timeout');
  });

  return {
    announceHeld() {
      clearInterval(heldCheck);
      announceLostBy();
    },
  };
}
