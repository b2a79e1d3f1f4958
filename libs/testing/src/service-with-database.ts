import { startServiceProcess, type ServiceProcess } from './service-process';
import { createTestDatabase } from './test-database';

/** A service process on a database of its own (migrated by the service at its start). */
export interface ServiceWithDatabase {
  readonly process: ServiceProcess;
  readonly databaseUrl: string;
  /** Stops the process and drops the database (queues belong to whoever named the AMQP prefix). */
  close(): Promise<void>;
}

/**
 * Starts apps/<service> as a process for another service's tests, on a new database `<purpose>_<service>`
 * and the environment `env` gives for it; the database is dropped when the start fails.
 */
export async function startServiceWithDatabase(
  purpose: string,
  service: string,
  env: (databaseUrl: string) => Record<string, string>,
): Promise<ServiceWithDatabase> {
  const database = await createTestDatabase(`${purpose}_${service}`);
  const started = await startServiceProcess({ service, label: service, env: env(database.url) }).catch(
    async (error: unknown) => {
      await database.drop();
      throw error;
    },
  );
  return {
    process: started,
    databaseUrl: database.url,
    async close() {
      await started.stop();
      await database.drop();
    },
  };
}
