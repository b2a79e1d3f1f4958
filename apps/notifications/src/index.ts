// What a host composing several services in one process (hosts/embedded) starts notifications with.
export type { ChannelName, DeliveryOutcome } from './domain/channels';
export { loadNotificationsSettings } from './config';
export type { NotificationsServiceSettings } from './config';
export { migrateNotifications } from './migrations';
export { notificationsQueues, startNotificationsOn } from './start-notifications';
