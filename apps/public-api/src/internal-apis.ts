import { createInternalApiTransport, type InternalApiTransport } from './adapters/internal-api-transport';
import type { PublicApiSettings } from './config';

/** broker-api's internal HTTP API, as the settings name it (503 BROKER_API_UNAVAILABLE when away). */
export function createBrokerApiSend(config: PublicApiSettings): InternalApiTransport {
  return createInternalApiTransport({
    service: 'broker-api',
    baseUrl: config.BROKER_API_URL,
    token: config.BROKER_API_TOKEN,
    timeoutMs: config.BROKER_API_TIMEOUT_MS,
    unavailableCode: 'BROKER_API_UNAVAILABLE',
  });
}

/** The notifications service's internal HTTP API (503 NOTIFICATIONS_UNAVAILABLE when away). */
export function createNotificationsApiSend(config: PublicApiSettings): InternalApiTransport {
  return createInternalApiTransport({
    service: 'notifications',
    baseUrl: config.NOTIFICATIONS_API_URL,
    token: config.NOTIFICATIONS_API_TOKEN,
    timeoutMs: config.NOTIFICATIONS_API_TIMEOUT_MS,
    unavailableCode: 'NOTIFICATIONS_UNAVAILABLE',
  });
}

/** The alerts service's internal HTTP API (503 ALERTS_UNAVAILABLE when away). */
export function createAlertsApiSend(config: PublicApiSettings): InternalApiTransport {
  return createInternalApiTransport({
    service: 'alerts',
    baseUrl: config.ALERTS_API_URL,
    token: config.ALERTS_API_TOKEN,
    timeoutMs: config.ALERTS_API_TIMEOUT_MS,
    unavailableCode: 'ALERTS_UNAVAILABLE',
  });
}

/** geofencing's internal HTTP API: automations (503 GEOFENCING_UNAVAILABLE when away). */
export function createGeofencingApiSend(config: PublicApiSettings): InternalApiTransport {
  return createInternalApiTransport({
    service: 'geofencing',
    baseUrl: config.GEOFENCING_API_URL,
    token: config.GEOFENCING_API_TOKEN,
    timeoutMs: config.GEOFENCING_API_TIMEOUT_MS,
    unavailableCode: 'GEOFENCING_UNAVAILABLE',
  });
}

/** The analytics service's internal HTTP API: fleet metrics and reports (503 ANALYTICS_UNAVAILABLE when away). */
export function createAnalyticsApiSend(config: PublicApiSettings): InternalApiTransport {
  return createInternalApiTransport({
    service: 'analytics',
    baseUrl: config.ANALYTICS_API_URL,
    token: config.ANALYTICS_API_TOKEN,
    timeoutMs: config.ANALYTICS_API_TIMEOUT_MS,
    unavailableCode: 'ANALYTICS_UNAVAILABLE',
  });
}
