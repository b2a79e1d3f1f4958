import { Type, type Static } from 'typebox';
import { Id } from './ids';

/**
 * `.data/platform.json`: what the embedded platform writes when it has started, so that local clients (the
 * device simulator, the load generator) find its addresses and token without being told.
 */
export const platformFileSchema = Type.Object({
  brokerApiUrl: Type.String({ minLength: 1, description: 'Base URL of the broker-api HTTP API.' }),
  brokerApiToken: Type.String({ minLength: 1, description: 'Bearer token of that API (secret).' }),
  mqttUrl: Type.String({ minLength: 1, description: 'Device MQTT listener, e.g. mqtt://127.0.0.1:1883.' }),
  mqttWebSocketUrl: Type.String({ minLength: 1, description: 'The same over WebSocket.' }),
  demoVendorId: Id,
  demoProductId: Id,
  fanOutUrl: Type.String({ minLength: 1, description: "fan-out's /health, /ready and /metrics." }),
  stateWorkersUrl: Type.String({ minLength: 1, description: "state-workers' /health, /ready and /metrics." }),
  publicApiUrl: Type.Optional(
    Type.String({ minLength: 1, description: 'Base URL of public-api (accounts, homes; routes under /v1).' }),
  ),
});
/**
 * The embedded platform's settings that name a listener's port, in the order they are chosen: its
 * configuration reads them, and tests set each to 0 (a free port). A service added to `npm start` adds its own.
 */
export const embeddedPortKeys = [
  'HTTP_PORT',
  'FAN_OUT_HTTP_PORT',
  'STATE_WORKERS_HTTP_PORT',
  'MQTT_PORT',
  'MQTT_WS_PORT',
  'PUBLIC_API_HTTP_PORT',
] as const;
/** One of `embeddedPortKeys`. */
export type EmbeddedPortKey = (typeof embeddedPortKeys)[number];

/** The content of `.data/platform.json`. */
export type PlatformFile = Static<typeof platformFileSchema>;

/** A realistic platform file; tested to validate. */
export const platformFileExample: PlatformFile = {
  brokerApiUrl: 'http://127.0.0.1:8080',
  brokerApiToken: 'local-broker-api-token-0123456789abcdef0123',
  mqttUrl: 'mqtt://127.0.0.1:1883',
  mqttWebSocketUrl: 'ws://127.0.0.1:8083/mqtt',
  demoVendorId: 'demo',
  demoProductId: 'thermostat',
  fanOutUrl: 'http://127.0.0.1:8081',
  stateWorkersUrl: 'http://127.0.0.1:8082',
  publicApiUrl: 'http://127.0.0.1:8084',
};
