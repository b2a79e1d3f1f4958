import type { MobilePushSender } from '../domain/channels';
import { permanentOutcome } from './provider-answers';

/**
 * One mobile push port over two providers: a message goes to FCM or APNs by its platform. A platform
 * without a configured provider is a permanent failure that keeps the token (the deployment cannot reach it).
 */
export function createMobilePushSender(providers: {
  readonly fcm?: MobilePushSender;
  readonly apns?: MobilePushSender;
}): MobilePushSender {
  return {
    channel: 'mobile-push',
    provider: (message) => message.platform,
    send(message) {
      const sender = providers[message.platform];
      if (sender === undefined) {
        return Promise.resolve(permanentOutcome(`no ${message.platform} provider is configured`, false));
      }
      return sender.send(message);
    },
    async close() {
      await Promise.all([providers.fcm?.close(), providers.apns?.close()]);
    },
  };
}
