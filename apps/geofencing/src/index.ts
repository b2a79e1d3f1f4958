// What a host composing several services in one process (hosts/embedded) starts geofencing with.
export { loadGeofencingSettings } from './config';
export type { GeofencingServiceSettings } from './config';
export { migrateGeofencing } from './migrations';
export { geofencingQueues, startGeofencingOn } from './start-geofencing';
