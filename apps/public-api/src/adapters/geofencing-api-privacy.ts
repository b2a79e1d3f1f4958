import type { InternalApiSend } from '@homeport/http';
import type { LocationPrivacy } from '../domain/location-privacy-service';

/** Location sharing and homes' presence through geofencing's internal API (http/geofencing-api-privacy.ts). */
export function createGeofencingApiPrivacy(send: InternalApiSend): LocationPrivacy {
  const sharingOf = (userId: string) => `/users/${encodeURIComponent(userId)}/location-sharing`;
  return {
    getSharing: (userId) => send('GET', sharingOf(userId)),
    setSharing: (userId, request) => send('PUT', sharingOf(userId), { body: request }),
    homePresence: (homeId) => send('GET', `/homes/${encodeURIComponent(homeId)}/presence`),
  };
}
