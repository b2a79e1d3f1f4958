export { runService } from './run-service';
export { stopOnSignals } from './stop-on-signals';
export type { Closer } from './stop-on-signals';
export { createServiceMessageBus, createServicePostgresPool } from './service-connections';
