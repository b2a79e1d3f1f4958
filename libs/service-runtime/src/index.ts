export { runService } from './run-service';
export { stopOnSignals } from './stop-on-signals';
export type { Closer } from './stop-on-signals';
export { createServiceMessageBus, createServicePostgresPool } from './service-connections';
export { createPeriodicTask } from './periodic-task';
export type { PeriodicTask, PeriodicTaskOptions } from './periodic-task';
export { startOnServers } from './start-on-servers';
export type { ServerSettings } from './start-on-servers';
export type { RunningWorker, WorkerRuntime } from './worker-runtime';
