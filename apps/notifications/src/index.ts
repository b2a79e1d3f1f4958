// What a host composing several services in one process (hosts/embedded) starts notifications with.
export type { ChannelName, DeliveryOutcome } from './domain/channels';
