// What a host composing several services in one process (hosts/embedded) starts state-workers with.
export { createInfluxTimeSeriesRollups } from './adapters/influx-time-series-rollups';
export { createInfluxTimeSeriesSink } from './adapters/influx-time-series-sink';
export { createInMemoryDeviceStateCache } from './adapters/in-memory-device-state-cache';
export { createPostgresDeviceStateStore } from './adapters/pg-device-state-store';
export type { PostgresDeviceStateStoreOptions } from './adapters/pg-device-state-store';
export { createPostgresTimeSeriesRollups } from './adapters/pg-time-series-rollups';
export { createPostgresTimeSeriesSink } from './adapters/pg-time-series-sink';
export { createRedisDeviceStateCache } from './adapters/redis-device-state-cache';
export { loadStateWorkersSettings } from './config';
export type { StateWorkersServiceSettings } from './config';
export { rollUpRange } from './domain/time-series-retention';
export { migrateStateWorkers } from './migrations';
export { startStateWorkersOn } from './start-state-workers';
export type { RunningStateWorkers, StateWorkersRuntime } from './start-state-workers';
