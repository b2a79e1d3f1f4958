import type { Logger } from '@homeport/observability';
import { Aedes } from 'aedes';
import type { EventEmitter } from 'node:events';
import type { BrokerBackend } from '../../adapters/broker-backend';
import { sendConnackFirst } from './connack-first';

/**
 * Creates the aedes broker on the shared backend, without hooks yet (install them before any listener
 * starts); it always writes a CONNACK before any PUBLISH (connack-first.ts). Errors of the emitter or
 * persistence are logged; aedes retries what it can.
 */
export async function createMqttBroker(
  backend: BrokerBackend,
  options: { connectTimeoutMs: number; logger: Logger },
): Promise<Aedes> {
  const broker = await Aedes.createBroker({
    mq: backend.mq,
    persistence: backend.persistence,
    connectTimeout: options.connectTimeoutMs,
    // A slow or stuck subscriber must not stall delivery to everyone else.
    drainTimeout: 30_000,
  });
  sendConnackFirst(broker);
  (broker as EventEmitter).on('error', (error: unknown) => {
    options.logger.error({ err: error }, 'mqtt broker error');
  });
  return broker;
}

/** Closes every client connection and the emitter. */
export function closeMqttBroker(broker: Aedes): Promise<void> {
  return new Promise((resolve) => {
    broker.close(() => {
      resolve();
    });
  });
}
