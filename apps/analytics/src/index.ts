// What a host composing several services in one process (hosts/embedded) starts analytics with.
export { loadAnalyticsSettings } from './config';
export type { AnalyticsServiceSettings } from './config';
export { migrateAnalytics } from './migrations';
export { analyticsQueues, startAnalyticsOn } from './start-analytics';
