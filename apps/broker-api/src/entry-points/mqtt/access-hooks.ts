import { isDeviceIngestKind, parseDeviceTopic, type DeviceTopic } from '@homeport/contracts';
import type { Logger } from '@homeport/observability';
import type { Aedes, AuthenticateError, Client, ConnectPacket, PublishPacket } from 'aedes';
import type { ConnectAuthenticator, ConnectOutcome } from '../../domain/connect-auth';
import type { DeviceIngest } from '../../domain/device-ingest';
import type { MqttIdentity } from '../../domain/mqtt-identity';
import { isDeliveredTo } from '../../domain/partition-delivery';
import type { PublishGuard } from '../../domain/publish-guard';
import type { RefusalReason } from '../../domain/refusal';
import { authorizeSubscription } from '../../domain/topic-access';
import type { Connections } from './connections';
import type { MqttMetrics } from './mqtt-metrics';
import { limitPacketSize } from './packet-size-limit';
import { connackCodeOf } from './refusal-codes';
import { createRefusalLog, type RefusalLog } from './refusal-log';

/** Dependencies of the access hooks. */
export interface AccessHooksDeps {
  readonly authenticator: ConnectAuthenticator;
  readonly guard: PublishGuard;
  readonly connections: Connections;
  readonly metrics: MqttMetrics;
  readonly logger: Logger;
  /** Largest packet (remaining length) after and before the CONNECT is authenticated. */
  readonly packetLimits: { readonly maxPacketBytes: number; readonly maxConnectPacketBytes: number };
  /** Called for every accepted device publish, with its parsed topic and JSON body. */
  readonly onDeviceMessage: (identity: MqttIdentity, topic: DeviceTopic, body: unknown) => void;
  /** Called when an unexpired command is sent to a device's connection (its delivery record). */
  readonly onCommandSent: (topic: DeviceTopic) => void;
  /**
   * Direct ingest (INGEST_MODE=direct): a device's reported state, telemetry and events go to the ingest
   * queue, and the publish is allowed (so acknowledged) only once that resolved; absent: aedes routes them.
   */
  readonly ingest?: DeviceIngest;
}

/**
 * A publish's authorization: `done(error)` refuses it; `done(null, ingested)` allows it, `ingested` when the
 * direct ingest already put it on the ingest queue, confirmed (aedes need not route it).
 */
export type AuthorizePublish = (
  client: Client | null,
  packet: PublishPacket,
  done: (error: Error | null, ingested: boolean) => void,
) => void;

/** What the access hooks leave to the broker's other hooks. */
export interface AccessHooks {
  /** For `publishBeforePuback`, which installs it. */
  readonly authorizePublish: AuthorizePublish;
}

const toBuffer = (payload: Buffer | string): Buffer =>
  typeof payload === 'string' ? Buffer.from(payload) : payload;

/** The address a connection comes from: the socket's (TCP, TLS) or the WebSocket upgrade request's. */
function remoteAddressOf(client: Client): string {
  const { conn, req } = client as Client & {
    conn: { remoteAddress?: string };
    req?: { socket: { remoteAddress?: string } };
  };
  return conn.remoteAddress ?? req?.socket.remoteAddress ?? 'unknown';
}

/**
 * Installs the packet size limits, CONNECT authentication, SUBSCRIBE authorization and the forwarding filter
 * on the broker, and returns the PUBLISH authorization for `publishBeforePuback` to install. Refusals are
 * counted with their reason and logged at a bounded rate with their MQTT 5 reason code. Install before the
 * listeners start (the size limits wrap `broker.handle`).
 */
export function installAccessHooks(broker: Aedes, deps: AccessHooksDeps): AccessHooks {
  const logRefusal = createRefusalLog(deps);
  limitPacketSize(broker, {
    ...deps.packetLimits,
    isAuthenticated: (client) => deps.connections.identityOf(client) !== undefined,
    onRefused: (client, packetType, announcedBytes) => {
      logRefusal(packetType, 'packet_too_large', { clientId: client.id, announcedBytes });
    },
  });
  installConnectHooks(broker, deps, logRefusal);
  installSubscribeHooks(broker, deps, logRefusal);
  return { authorizePublish: createPublishAuthorization(deps, logRefusal) };
}

function installConnectHooks(broker: Aedes, deps: AccessHooksDeps, logRefusal: RefusalLog): void {
  const wills = new WeakMap<Client, NonNullable<ConnectPacket['will']>>();
  broker.preConnect = (client, packet, done) => {
    if (packet.will !== undefined) wills.set(client, packet.will);
    done(null, true);
  };

  /** The identity, or why not; a will must be a message the device itself could publish. */
  const decide = (client: Client, outcome: ConnectOutcome): MqttIdentity | RefusalReason => {
    if (!outcome.accepted) return outcome.reason;
    const will = wills.get(client);
    if (will === undefined) return outcome.identity;
    const check = deps.guard.check(outcome.identity, will.topic, toBuffer(will.payload), { isWill: true });
    return check.allowed ? outcome.identity : 'not_authorized';
  };
  const refuse = (client: Client, reason: RefusalReason, done: (e: AuthenticateError, ok: false) => void) => {
    deps.metrics.connections.inc({ outcome: 'refused', kind: 'unknown' });
    logRefusal('connect', reason, { clientId: client.id, remoteAddress: remoteAddressOf(client) });
    // returnCode is the CONNACK return code aedes sends (its typings declare it as a const enum).
    const error = Object.assign(new Error(`connect refused: ${reason}`), {
      returnCode: connackCodeOf(reason),
    }) as unknown as AuthenticateError;
    done(error, false);
  };

  broker.authenticate = (client, username, password, done) => {
    const attempt = { clientId: client.id, username, password, remoteAddress: remoteAddressOf(client) };
    deps.authenticator.authenticate(attempt).then(
      (outcome) => {
        const decision = decide(client, outcome);
        if (typeof decision === 'string') {
          refuse(client, decision, done);
          return;
        }
        deps.connections.authenticated(client, decision);
        deps.metrics.connections.inc({ outcome: 'accepted', kind: decision.kind });
        done(null, true);
      },
      (error: unknown) => {
        deps.logger.error({ err: error, clientId: client.id }, 'authentication failed');
        refuse(client, 'server_unavailable', done);
      },
    );
  };
}

function createPublishAuthorization(deps: AccessHooksDeps, logRefusal: RefusalLog): AuthorizePublish {
  /** Checks a publish: the refusal, or what was allowed. Without a client: a dead replica's will. */
  const checkPublish = (client: Client | null, packet: PublishPacket): Error | AllowedPublish | undefined => {
    if (client === null) return undefined; // checked at its CONNECT
    const identity = deps.connections.identityOf(client);
    if (identity === undefined) return new Error('publish before authentication');
    const check = deps.guard.check(identity, packet.topic, toBuffer(packet.payload));
    if (!check.allowed) {
      const limit = check.limit && { code: check.limit.code, limit: check.limit.message };
      logRefusal('publish', check.reason, { clientId: client.id, topic: packet.topic, ...limit });
      // MQTT 3.1.1 §3.3.5: no way to tell the client; aedes closes the connection on this error.
      return new Error(`publish refused: ${check.reason}`);
    }
    // Retained device messages would be replayed to every new subscriber (fan-out) as if new.
    packet.retain = false;
    deps.metrics.received.inc({ kind: check.topic.kind });
    deps.onDeviceMessage(identity, check.topic, check.body);
    return { identity, topic: check.topic, json: check.json, body: check.body };
  };
  const { ingest } = deps;
  return (client, packet, done) => {
    const checked = checkPublish(client, packet);
    if (checked instanceof Error) {
      done(checked, false);
      return;
    }
    if (checked === undefined || ingest === undefined) {
      done(null, false);
      return;
    }
    const { identity, topic, json, body } = checked;
    const kind = topic.kind;
    if (identity.kind !== 'device' || !isDeviceIngestKind(kind)) {
      done(null, false);
      return;
    }
    const { vendorId, deviceId } = identity;
    const payload = toBuffer(packet.payload);
    const receivedAt = Date.now();
    const message = { vendorId, deviceId, kind, topic: packet.topic, payload, json, body, receivedAt };
    ingest(message).then(
      () => {
        done(null, true);
      },
      (error: unknown) => {
        deps.logger.warn({ err: error, deviceId }, 'device message not queued; the device sends it again');
        // No PUBACK: aedes closes the connection, and the device sends the message again.
        done(error instanceof Error ? error : new Error('ingest failed'), false);
      },
    );
  };
}

/** A publish the hooks allowed, with who sent it, its parsed topic, its payload's text and its body. */
interface AllowedPublish {
  readonly identity: MqttIdentity;
  readonly topic: DeviceTopic;
  readonly json: string;
  readonly body: unknown;
}

function installSubscribeHooks(broker: Aedes, deps: AccessHooksDeps, logRefusal: RefusalLog): void {
  broker.authorizeSubscribe = (client, subscription, done) => {
    const identity = deps.connections.identityOf(client);
    const decision = identity === undefined ? undefined : authorizeSubscription(identity, subscription.topic);
    if (decision?.allowed === true) {
      done(null, subscription);
      return;
    }
    const reason = decision?.allowed === false ? decision.reason : 'not_authorized';
    logRefusal('subscribe', reason, { clientId: client.id, topic: subscription.topic });
    done(null, null); // SUBACK 0x80 for this filter; the connection stays up
  };

  broker.authorizeForward = (client, packet) => {
    const topic = parseDeviceTopic(packet.topic);
    // Never queued for it either (createMqttBroker), so nothing stays behind unacknowledged.
    if (!isDeliveredTo(client.id, topic)) return null;
    if (topic?.kind !== 'command') return packet;
    const expiresAt = readExpiresAt(toBuffer(packet.payload));
    if (expiresAt !== undefined && expiresAt <= Date.now()) {
      deps.metrics.expiredCommandsDropped.inc();
      return null; // also drops an expired command queued in a persistent session
    }
    deps.onCommandSent(topic);
    return packet;
  };
}

function readExpiresAt(payload: Buffer): number | undefined {
  try {
    const body = JSON.parse(payload.toString('utf8')) as { expiresAt?: unknown };
    return typeof body.expiresAt === 'number' ? body.expiresAt : undefined;
  } catch {
    return undefined;
  }
}
