import { findFreePort, startGeofencingProcess, type GeofencingProcess } from '@homeport/testing';
import type { TestEnvironment, TestInstance } from './environment';

/** A test environment whose public-api instance reaches a geofencing process of its own (queues shared). */
export interface WithGeofencing {
  readonly environment: TestEnvironment;
  readonly instance: TestInstance;
  readonly geofencing: GeofencingProcess;
  close(): Promise<void>;
}

/** On the suite's environment, a geofencing process on its AMQP prefix and public-api pointed at it. */
export async function startWithGeofencing(
  environment: TestEnvironment,
  purpose: string,
): Promise<WithGeofencing> {
  const geofencingPort = await findFreePort();
  const geofencing = await startGeofencingProcess(purpose, {
    amqpPrefix: environment.amqpPrefix,
    env: { HTTP_PORT: String(geofencingPort) },
  });
  const instance = await environment.startInstance({
    GEOFENCING_API_URL: `http://127.0.0.1:${geofencingPort}`,
  });
  return {
    environment,
    instance,
    geofencing,
    async close() {
      await geofencing.close();
      await environment.close();
    },
  };
}
