export type {
  ConsumeOptions,
  Consumer,
  DeadLetter,
  DeliveryMeta,
  MessageBus,
  MessageHandler,
  MessageHandlers,
  PublishOptions,
  PublishStats,
  QueueStats,
  RefusedItem,
} from './message-bus';
export { createAmqpMessageBus } from './amqp-message-bus';
export type { AmqpMessageBusOptions } from './amqp-message-bus';
export { createInProcessBroker } from './in-process-broker';
export type { InProcessBroker, InProcessBrokerOptions } from './in-process-broker';
export { createInProcessMessageBus } from './in-process-message-bus';
export type { InProcessMessageBusOptions } from './in-process-message-bus';
export { coalesceSocketWrites } from './coalesce-socket-writes';
export type { CoalesceOptions, CorkableWritable } from './coalesce-socket-writes';
export { defaultConsumeOptions } from './delivery';
export { deriveDeviceMessageId, readDeviceSequence } from './device-message-id';
export type { DeviceMessageOrigin } from './device-message-id';
export { deadLetterDeviceMessage } from './device-dead-letters';
export { createStoredMessagePublisher } from './stored-messages';
export type { StoredMessage } from './stored-messages';
export type { RefusedDeviceMessage } from './device-dead-letters';
