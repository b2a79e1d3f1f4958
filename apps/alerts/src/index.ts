// What a host composing several services in one process (hosts/embedded) starts alerts with.
export { loadAlertsSettings } from './config';
export type { AlertsServiceSettings } from './config';
export { migrateAlerts } from './migrations';
export { alertsQueues, startAlertsOn } from './start-alerts';
