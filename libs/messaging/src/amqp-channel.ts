import { setTimeout as delay } from 'node:timers/promises';
import type { ExchangeContract } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AmqpConnectionManager, Channel, ChannelWrapper } from 'amqp-connection-manager';
import type { Message } from 'amqplib';
import type { Envelope } from './envelope';

/** What the AMQP bus's channels share: the connection manager and how long to keep trying. */
export interface AmqpChannelContext {
  readonly manager: AmqpConnectionManager;
  readonly publishTimeoutMs: number;
  readonly reconnectDelayMs: number;
  /** Errors the bus recovers from by itself, reported for logs and readiness. */
  readonly onError: (error: unknown) => void;
}

const republishPauseMs = 100;

/**
 * Publishes on a confirm channel and resolves only once the broker confirmed. amqp-connection-manager
 * buffers while disconnected but rejects a publish that was in flight when the connection dropped
 * ("channel closed", jwalton/node-amqp-connection-manager#369): such a publish is sent again after the
 * reconnect (at least once), until `publishTimeoutMs` is over, then AppError 'unavailable'.
 */
export async function publishConfirmed(
  context: AmqpChannelContext,
  wrapper: ChannelWrapper,
  target: { exchange: string; routingKey: string },
  envelope: Envelope,
): Promise<void> {
  const deadline = Date.now() + context.publishTimeoutMs;
  let lastError: unknown;
  for (let remainingMs = context.publishTimeoutMs; remainingMs > 0;) {
    try {
      await wrapper.publish(target.exchange, target.routingKey, envelope.body, {
        ...envelope.properties,
        timeout: remainingMs,
      });
      return;
    } catch (error) {
      lastError = error;
      if (error instanceof Error && error.message === 'timeout') break;
      await delay(Math.min(republishPauseMs, Math.max(0, deadline - Date.now())));
    }
    remainingMs = deadline - Date.now();
  }
  throw new AppError(
    'unavailable',
    'MESSAGE_PUBLISH_TIMEOUT',
    `no confirm from the broker within ${context.publishTimeoutMs} ms for a message to ${target.exchange}`,
    { cause: lastError },
  );
}

/** Declares an exchange on the channel now (when connected) and after every reconnect. */
export function addExchangeSetup(
  wrapper: ChannelWrapper,
  name: string,
  type: ExchangeContract['type'],
): Promise<void> {
  return wrapper.addSetup(async (channel: Channel) => {
    await channel.assertExchange(name, type, { durable: true });
  });
}

/**
 * amqp-connection-manager re-creates channels only when the connection drops. A channel the broker closed
 * alone (a channel error, a deleted queue) would stay dead, so force a reconnect, which re-runs every setup.
 */
export function recoverWhenClosedAlone(
  context: AmqpChannelContext,
  channel: Channel,
  isStopping: () => boolean,
): void {
  const model = context.manager.connection;
  channel.once('close', () => {
    if (isStopping()) return;
    setTimeout(() => {
      // When the whole connection dropped, the manager already holds another connection (or none).
      if (isStopping() || model === undefined || context.manager.connection !== model) return;
      context.onError(new Error('an AMQP channel closed on a live connection; reconnecting'));
      reconnectQuietly(context);
    }, context.reconnectDelayMs);
  });
  channel.on('error', context.onError);
}

/** Forces a reconnect (which re-runs every channel setup); a manager closed meanwhile has nothing to redo. */
export function reconnectQuietly(context: AmqpChannelContext): void {
  try {
    context.manager.reconnect();
  } catch (error) {
    context.onError(error);
  }
}

/** Runs an ack or nack on the channel the message came from; a dead channel means the broker redelivers it. */
export function settleSafely(settle: () => void): void {
  try {
    settle();
  } catch {
    // IllegalOperationError: channel closed. The broker requeues what this channel had not acked.
  }
}

/** The envelope of a message amqplib delivered or got (its properties are typed loosely there). */
export function readEnvelope(message: Message): Envelope {
  const { properties } = message;
  return {
    body: message.content,
    properties: {
      type: properties.type as string | undefined,
      messageId: properties.messageId as string | undefined,
      contentType: properties.contentType as string | undefined,
      timestamp: properties.timestamp as number | undefined,
      headers: properties.headers ?? {},
      persistent: properties.deliveryMode === 2,
    },
  };
}
