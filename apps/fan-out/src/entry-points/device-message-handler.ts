import { setTimeout as sleep } from 'node:timers/promises';
import { isTransient } from '@homeport/errors';
import type { Logger } from '@homeport/observability';
import type { IncomingDeviceMessage } from '../domain/device-message';
import type { ForwardDeviceMessage } from '../domain/forward-device-message';
import type { FanOutMetrics } from '../fan-out-metrics';
import type { MqttMessageHandler } from './mqtt-source';

/** What the handler needs. */
export interface DeviceMessageHandlerDeps {
  readonly forward: ForwardDeviceMessage;
  readonly metrics: FanOutMetrics;
  readonly logger: Logger;
  /** Longest pause between attempts while RabbitMQ or the device registry is unavailable. */
  readonly retryMaxDelayMs: number;
}

const firstRetryDelayMs = 100;
const previewBytes = 256;

/**
 * MQTT -> use case: forwards the message, trying again while RabbitMQ or the device registry is unavailable
 * (the MQTT message stays unacknowledged meanwhile, which is the back-pressure on the broker), and counts and
 * logs the outcome (a refusal after an unexpected error as an error, with its stack). Resolving lets the
 * PUBACK go out; it never resolves for a message that is neither confirmed nor dead-lettered.
 */
export function createDeviceMessageHandler(deps: DeviceMessageHandlerDeps): MqttMessageHandler {
  const { metrics, logger } = deps;
  return async (message, signal) => {
    metrics.inFlight.inc();
    try {
      const outcome = await forwardUntilDone(deps, message, signal);
      if (outcome.status === 'forwarded') metrics.forwarded.inc({ kind: outcome.kind });
      else if (outcome.status === 'skipped') metrics.skipped.inc({ reason: outcome.reason });
      else {
        metrics.refused.inc({ reason: outcome.reason });
        const { reason, code, detail, error } = outcome;
        const context = { topic: message.topic, reason, code, detail, payload: preview(message) };
        if (error === undefined)
          logger.warn(context, 'device message refused; dead-lettered and acknowledged');
        else
          logger.error({ ...context, err: error }, 'forwarding failed unexpectedly (a bug); dead-lettered');
      }
    } finally {
      metrics.inFlight.dec();
    }
  };
}

async function forwardUntilDone(
  deps: DeviceMessageHandlerDeps,
  message: IncomingDeviceMessage,
  signal: AbortSignal,
): ReturnType<ForwardDeviceMessage> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.forward(message);
    } catch (error) {
      if (!isTransient(error)) throw error;
      deps.metrics.publishRetries.inc();
      deps.logger.warn({ err: error, topic: message.topic, attempt }, 'forwarding failed; trying again');
      const delayMs = Math.min(deps.retryMaxDelayMs, firstRetryDelayMs * 2 ** Math.min(attempt - 1, 16));
      await sleep(delayMs, undefined, { signal });
    }
  }
}

function preview(message: IncomingDeviceMessage): string {
  return message.payload.subarray(0, previewBytes).toString('utf8');
}
