import { AppError } from '@homeport/errors';
import { AmqpConnectionManagerClass, type Channel, type ChannelWrapper } from 'amqp-connection-manager';
import {
  addExchangeSetup,
  publishConfirmed,
  recoverWhenClosedAlone,
  type AmqpChannelContext,
} from './amqp-channel';
import { connectOrFail, settlesWithin } from './amqp-connect';
import { coalesceSocketWrites, type CorkableWritable } from './coalesce-socket-writes';
import { startAmqpConsumer } from './amqp-consumer';
import { inspectAmqpQueue, peekAmqpDeadLetters, takeAmqpDeadLetters } from './amqp-dead-letters';
import type { MessageBus } from './message-bus';
import {
  createMessageBusFront,
  resolveMessageBusSettings,
  type MessageBusBaseOptions,
  type MessageBusSettings,
  type MessageBusTransport,
} from './message-bus-front';
import { declareTopology, deleteRetiredQueues } from './topology';
import type { NamedQueue } from './topology-names';

/** Options of the RabbitMQ bus. */
export interface AmqpMessageBusOptions extends MessageBusBaseOptions {
  readonly url: string;
  /**
   * Client property connection_name, so an operator (or a test) can find and close exactly this connection:
   * `rabbitmqctl list_connections pid client_properties` (3.11+ also has a user_provided_name column).
   */
  readonly connectionName: string;
  /** A publish not confirmed by then (broker away) rejects with AppError 'unavailable'. Default 30 s. */
  readonly publishTimeoutMs?: number;
  /** How long creation waits for the first connection. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Pause between reconnect attempts. Default 1 s. */
  readonly reconnectDelayMs?: number;
  /** Connection and channel errors the bus recovers from by itself (for logging). */
  readonly onError?: (error: unknown) => void;
  /** Queues this service once declared and no longer reads (contracts' `retiredQueues`): deleted at every connect. */
  readonly retiredQueues?: readonly NamedQueue[];
}

const readyTimeoutMs = 2000;

/**
 * The message bus on RabbitMQ through amqp-connection-manager: reconnects, re-declares its topology and
 * re-registers its consumers after a broker restart. Delivery is at least once: handlers must be idempotent.
 */
export async function createAmqpMessageBus(options: AmqpMessageBusOptions): Promise<MessageBus> {
  const settings = resolveMessageBusSettings(options);
  const connection = await connect(options, settings);
  return createMessageBusFront(createAmqpTransport(connection, settings), settings);
}

/** The connected bus: its manager (in the context), the publisher channel and what readiness reports. */
interface AmqpConnection {
  readonly context: AmqpChannelContext;
  readonly publisher: ChannelWrapper;
  readonly state: { stopping: boolean; lastError: unknown; setupError: unknown };
}

/** Connects and declares the topology on the publisher channel; fails when that does not succeed in time. */
async function connect(
  options: AmqpMessageBusOptions,
  settings: MessageBusSettings,
): Promise<AmqpConnection> {
  const state: AmqpConnection['state'] = { stopping: false, lastError: undefined, setupError: undefined };
  const manager = new AmqpConnectionManagerClass([options.url], {
    heartbeatIntervalInSeconds: 5,
    reconnectTimeInSeconds: (options.reconnectDelayMs ?? 1000) / 1000,
    // amqplib leaves Nagle's algorithm on: a lone publish or ack then waits for the broker's delayed ACK
    // (up to 40 ms on Linux), which set the confirms' 0-50 ms spread at low load. coalesceSocketWrites
    // already gathers each turn's frames into one write.
    connectionOptions: { noDelay: true, clientProperties: { connection_name: options.connectionName } },
  });
  const context: AmqpChannelContext = {
    manager,
    publishTimeoutMs: options.publishTimeoutMs ?? 30_000,
    reconnectDelayMs: options.reconnectDelayMs ?? 1000,
    onError: (error) => {
      state.lastError = error;
      options.onError?.(error);
    },
  };
  manager.on('connect', ({ connection }) => {
    // amqplib writes each frame (a publish, an ack) to its socket on its own.
    coalesceSocketWrites(
      (connection as unknown as { connection: { stream: CorkableWritable } }).connection.stream,
    );
  });
  manager.on('connectFailed', ({ err }) => {
    context.onError(err);
  });
  manager.on('disconnect', ({ err }: { err: unknown }) => {
    context.onError(err);
  });
  const publisher = manager.createChannel({
    name: 'publisher',
    setup: async (channel: Channel) => {
      recoverWhenClosedAlone(context, channel, () => state.stopping);
      try {
        await declareTopology(channel, settings.names, settings.queues, settings.retryDelaysMs);
        const retired = options.retiredQueues ?? [];
        await deleteRetiredQueues(channel, settings.names, retired, settings.retryDelaysMs);
        state.setupError = undefined;
      } catch (error) {
        state.setupError = error;
        throw error;
      }
    },
  });
  publisher.on('error', context.onError);
  await connectOrFail(options.url, options.connectTimeoutMs ?? 10_000, manager, async () => {
    await Promise.all([manager.connect(), publisher.waitForConnect()]);
    if (state.setupError !== undefined) {
      throw new Error('declaring the topology failed', { cause: state.setupError });
    }
  });
  return { context, publisher, state };
}

/** The RabbitMQ half of the bus: confirmed publishes on the publisher channel, one channel per consumer. */
function createAmqpTransport(
  { context, publisher, state }: AmqpConnection,
  { names }: MessageBusSettings,
): MessageBusTransport {
  const { manager } = context;
  const publish: MessageBusTransport['publish'] = (exchange, routingKey, envelope) =>
    publishConfirmed(context, publisher, { exchange, routingKey }, envelope);
  return {
    // Kept for every reconnect; a failure now is retried there, before any queued publish goes out.
    declareExchange: (name, type) => addExchangeSetup(publisher, name, type).catch(context.onError),
    publish,
    startConsumer: (queue, runtime) =>
      startAmqpConsumer({
        context,
        runtime,
        queueName: names.queue(queue),
        declare: (channel) => declareTopology(channel, names, [queue], runtime.options.retryDelaysMs),
        publishCopy: publish,
      }),
    takeDeadLetters: (queue, max) => takeAmqpDeadLetters(manager, names, queue, max),
    peekDeadLetters: (queue, max) => peekAmqpDeadLetters(manager, names, queue, max),
    inspectQueue: (queue) => inspectAmqpQueue(manager, names, queue),
    isConnected: () => manager.isConnected(),

    async checkReady() {
      const ready = manager.isConnected() && state.setupError === undefined;
      if (!ready || !(await settlesWithin(publisher.waitForConnect(), readyTimeoutMs))) {
        throw new AppError('unavailable', 'MESSAGE_BROKER_UNAVAILABLE', 'RabbitMQ is not ready', {
          cause: state.setupError ?? state.lastError,
        });
      }
    },

    async close() {
      state.stopping = true;
      await manager.close();
    },
  };
}
