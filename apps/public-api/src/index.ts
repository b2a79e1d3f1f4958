// What a host composing several services in one process (hosts/embedded) starts public-api with.
export { publicApiPublishedQueues, startPublicApi } from './public-api';
export type { PublicApiDeps, RunningPublicApi } from './public-api';
export { loadPublicApiSettings } from './config';
export type { PublicApiSettings } from './config';
export { migratePublicApi } from './migrations';
export { createInfluxDeviceHistory } from './adapters/influx-device-history';
export { createPostgresDeviceHistory } from './adapters/pg-device-history';
export { planHistoryQuery, readHistory } from './domain/device-history';
export type { DeviceHistoryReader } from './domain/device-history';
