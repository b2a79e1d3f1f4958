// What a host composing several services in one process (hosts/embedded) starts broker-api with.
export { createInMemoryBrokerBackend } from './adapters/broker-backend';
export type { BrokerBackend } from './adapters/broker-backend';
export { createRedisBrokerBackend } from './adapters/redis-broker-backend';
export { createCachedCurrentStates, createRedisCurrentStates } from './adapters/cached-current-states';
export type { CurrentStateDocumentReader } from './adapters/cached-current-states';
export type { CurrentStateSource } from './domain/shadow';
export { startBrokerApi } from './broker-api';
export type { BrokerApiDeps, RunningBrokerApi } from './broker-api';
export { loadBrokerApiSettings, readBrokerApiQueues } from './config';
export type { BrokerApiSettings } from './config';
export { migrateBrokerApi } from './migrations';
