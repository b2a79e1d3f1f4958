import {
  homeMemberArrivedV1,
  homeMemberLeftV1,
  homeOccupancyChangedV1,
  userZoneEnteredV1,
  userZoneLeftV1,
} from '@homeport/contracts';
import { createStoredMessagePublisher, type MessageBus } from '@homeport/messaging';
import { relayOutboxRound, type OutboxStore } from '@homeport/storage';

const presenceEvents = [
  homeMemberArrivedV1,
  homeMemberLeftV1,
  homeOccupancyChangedV1,
  userZoneEnteredV1,
  userZoneLeftV1,
];

/**
 * One round of the outbox relay: the oldest waiting events, published one after the other (so a member's
 * arrival precedes the occupancy change it made) under their message ids, each removed once RabbitMQ confirmed
 * it. A claimed batch is this replica's for `leaseMs`; a failed publish releases that event and those after it
 * for the next round and rejects. Resolves with the count published.
 */
export function createPresenceEventRelay(deps: {
  readonly outbox: OutboxStore;
  readonly bus: MessageBus;
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly onPublished: () => void;
}): () => Promise<number> {
  const publishStored = createStoredMessagePublisher(deps.bus, presenceEvents);
  const { outbox, batchSize, leaseMs } = deps;
  return async () => {
    const round = await relayOutboxRound({
      outbox,
      batchSize,
      leaseMs,
      publish: async (entry) => {
        await publishStored(entry);
        deps.onPublished();
      },
    });
    return round.published;
  };
}
