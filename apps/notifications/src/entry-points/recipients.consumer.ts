import { notificationRecipientsQueue, userContactChangedV1, userDeletedV1 } from '@homeport/contracts';
import type { ConsumeOptions, Consumer, MessageBus } from '@homeport/messaging';
import type { RecipientStore } from '../domain/ports';
import type { ObserveHandling } from './observe-handling';

/** Consumes notifications.recipients: public-api's contact changes and user deletions, into the recipients table. */
export function startRecipientsConsumer(deps: {
  readonly bus: MessageBus;
  readonly recipients: RecipientStore;
  readonly observe: ObserveHandling;
  readonly options: ConsumeOptions;
}): Promise<Consumer> {
  const { recipients } = deps;
  return deps.bus.consume(
    notificationRecipientsQueue,
    {
      [userContactChangedV1.type]: (change) =>
        deps.observe(userContactChangedV1.type, async () => {
          await recipients.saveContact(change);
          return 'saved';
        }),
      [userDeletedV1.type]: (event) =>
        deps.observe(userDeletedV1.type, async () => {
          await recipients.forget(event.userId, event.deletedAt);
          return 'forgotten';
        }),
    },
    deps.options,
  );
}
