import type { Logger } from '@homeport/observability';
import type { Aedes, Client } from 'aedes';
import { randomUUID } from 'node:crypto';
import type { PresenceService } from '../../domain/presence';
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
}

/** aedes sets this when the client sent DISCONNECT (MQTT-3.14.4-3); it has no public accessor. */
function sentDisconnect(client: Client): boolean {
  return (client as Client & { _disconnected?: boolean })._disconnected === true;
}

/**
 * Device presence from the connection lifecycle: online when a device's session is ready; offline when it
 * ends, as `disconnected` (DISCONNECT sent, or closed by the broker: revoked, shutdown) or `connection_lost`
 * (socket closed without DISCONNECT, keepalive timeout). Also keeps the connected-clients gauge.
 */
export function installPresenceEvents(broker: Aedes, deps: PresenceEventsDeps): void {
  const { connections, tasks, metrics, logger } = deps;
  // A client can cause these over and over (reconnect, misbehave, be closed): bounded, not one per event.
  const logBounded = createBoundedLog(logger);

  broker.on('client', (client) => {
    metrics.connected.inc({ kind: connections.identityOf(client)?.kind ?? 'unknown' });
  });

  broker.on('clientReady', (client) => {
    const identity = connections.identityOf(client);
    if (identity?.kind !== 'device') return;
    const connectionId = randomUUID();
    connections.deviceReady({ client, identity, connectionId });
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
    const clean = sentDisconnect(client) || connections.wasClosedByBroker(client);
    const reason = clean ? 'disconnected' : 'connection_lost';
    const at = new Date();
    tasks.run(
      'presence-disconnected',
      () => deps.presence.disconnected(identity, connection.connectionId, reason, at),
      {
        deviceId: identity.deviceId,
      },
    );
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
}
