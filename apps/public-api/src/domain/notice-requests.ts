import type { MessagePayload, notificationRequestedV1 } from '@homeport/contracts';
import type { Clock } from './clock';

/** One notification.requested as public-api publishes it for a user. */
export type NoticeRequest = MessagePayload<typeof notificationRequestedV1>;

/** Publishes one notification.requested (resolves once the broker confirmed it). */
export type RequestNotice = (notice: NoticeRequest) => Promise<void>;

/** What a notice says, whoever it goes to. */
export type Notice = Omit<NoticeRequest, 'userId' | 'dedupKey' | 'requestedAt'>;

/**
 * Tells each of `userIds` the notice, under a dedup key of their own (stable for the event, so a
 * redelivered event queues nothing new at the notifications service); resolves once every request is
 * confirmed.
 */
export function createNoticeTeller(requestNotice: RequestNotice, clock: Clock) {
  return async (userIds: readonly string[], notice: Notice, dedupKeyOf: (userId: string) => string) => {
    const requestedAt = clock.now().getTime();
    await Promise.all(
      userIds.map((userId) =>
        requestNotice({ ...notice, userId, dedupKey: dedupKeyOf(userId), requestedAt }),
      ),
    );
  };
}
