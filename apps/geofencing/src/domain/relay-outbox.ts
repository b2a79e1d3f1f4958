import type { PresenceEventPublisher, PresenceOutbox } from './ports';

/**
 * One round of the outbox relay: the oldest waiting events, published one after the other (so a member's
 * arrival precedes the occupancy change it made), each removed once RabbitMQ confirmed it. A failed publish
 * stops the round; that event and those after it wait for the next. Resolves with the count published.
 */
export function createOutboxRelay(deps: {
  readonly outbox: PresenceOutbox;
  readonly publisher: PresenceEventPublisher;
  readonly batchSize: number;
  readonly onPublishFailed: (error: unknown) => void;
}) {
  return (): Promise<number> =>
    deps.outbox.publishBatch(deps.batchSize, async (entries) => {
      const published: string[] = [];
      for (const entry of entries) {
        try {
          await deps.publisher.publish(entry);
        } catch (error) {
          deps.onPublishFailed(error);
          break;
        }
        published.push(entry.id);
      }
      return published;
    });
}
