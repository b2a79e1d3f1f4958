import type { Channel } from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import {
  readEnvelope,
  reconnectQuietly,
  recoverWhenClosedAlone,
  settleSafely,
  type AmqpChannelContext,
} from './amqp-channel';
import type { ConsumerRuntime, SettleActions } from './consumer-runtime';
import type { TransportConsumer } from './message-bus-front';

/** Everything one AMQP consumer needs from the bus. */
export interface AmqpConsumerDeps {
  readonly context: AmqpChannelContext;
  readonly runtime: ConsumerRuntime;
  readonly queueName: string;
  /** Declares the queue's topology on the consumer's channel (it may be the first to run after a restart). */
  readonly declare: (channel: Channel) => Promise<void>;
  /** Confirmed publish of a retry or dead-letter copy. */
  readonly publishCopy: SettleActions['publish'];
}

/**
 * Consumes a queue on its own channel. The channel setup (declare, prefetch, consume) re-runs after every
 * reconnect. Acks go to the channel that delivered the message: after a reconnect an old delivery tag would
 * be unknown to the new channel, and the broker redelivers whatever the dead channel had not acked.
 */
export async function startAmqpConsumer(deps: AmqpConsumerDeps): Promise<TransportConsumer> {
  const { context, runtime, queueName } = deps;
  let stopping = false;
  let current: { channel: Channel; consumerTag: string } | undefined;

  const onMessage = (channel: Channel, message: ConsumeMessage | null): void => {
    if (message === null) {
      // The broker cancelled the consumer (queue deleted): recoverWhenClosedAlone cannot see that.
      if (!stopping) reconnectQuietly(context);
      return;
    }
    runtime.handle(
      { ...readEnvelope(message), redelivered: message.fields.redelivered },
      {
        publish: deps.publishCopy,
        ack: () => {
          settleSafely(() => {
            channel.ack(message);
          });
        },
        requeue: (error) => {
          context.onError(error);
          settleSafely(() => {
            channel.nack(message, false, true);
          });
        },
      },
    );
  };

  const wrapper = context.manager.createChannel({
    name: `consumer ${queueName}`,
    confirm: false,
    setup: async (channel: Channel) => {
      if (stopping) return;
      recoverWhenClosedAlone(context, channel, () => stopping);
      await deps.declare(channel);
      await channel.prefetch(runtime.options.prefetch);
      const { consumerTag } = await channel.consume(queueName, (message) => {
        onMessage(channel, message);
      });
      current = { channel, consumerTag };
    },
  });
  wrapper.on('error', context.onError);
  await wrapper.waitForConnect();

  return {
    async cancel() {
      stopping = true;
      const consuming = current;
      if (consuming !== undefined) {
        await consuming.channel.cancel(consuming.consumerTag).catch(() => undefined);
      }
    },
    // Only now: acks of the handlers that were still running go to this channel.
    close: () => wrapper.close().catch(() => undefined),
  };
}
