import type { InternalApiSend } from '@homeport/http';
import type { HomeAutomations } from '../domain/automations';

/** A home's automations through geofencing's internal API (libs/contracts http/geofencing-api.ts). */
export function createGeofencingApiAutomations(send: InternalApiSend): HomeAutomations {
  const base = (homeId: string) => `/homes/${encodeURIComponent(homeId)}/automations`;
  const one = (homeId: string, automationId: string) => `${base(homeId)}/${encodeURIComponent(automationId)}`;
  return {
    list: (homeId) => send('GET', base(homeId)),
    get: (homeId, automationId) => send('GET', one(homeId, automationId)),
    create: (homeId, request) => send('POST', base(homeId), { body: request }),
    replace: (homeId, automationId, request) => send('PUT', one(homeId, automationId), { body: request }),
    remove: (homeId, automationId) => send('DELETE', one(homeId, automationId)),
    listRuns: (homeId, limit) => send('GET', `${base(homeId)}/runs`, { query: { limit } }),
  };
}
