import type { deviceCommandFinishedV1, MessagePayload } from '@homeport/contracts';
import { readFinishingAck, type Command, type CommandRepository } from './commands';

/** A device.command-finished.v1 event. */
export type CommandFinishedEvent = MessagePayload<typeof deviceCommandFinishedV1>;

/**
 * Port: where command ends are announced (RabbitMQ). Each publish resolves once confirmed; a command's event
 * always carries the same message id, so the copies at-least-once delivery makes are recognisable.
 */
export interface CommandFinishedEvents {
  publish(event: CommandFinishedEvent): Promise<void>;
}

/** The event of a command that ended: its acknowledged outcome (at the ack), or expired (at its expiry). */
export function toCommandFinishedEvent(command: Command): CommandFinishedEvent {
  const outcome = readFinishingAck(command);
  const finishedAt = outcome === undefined ? command.expiresAt : (command.ackedAt ?? command.expiresAt);
  return {
    vendorId: command.vendorId,
    deviceId: command.deviceId,
    commandId: command.id,
    name: command.name,
    status: outcome ?? 'expired',
    finishedAt: finishedAt.getTime(),
    ...(command.source !== null && { source: command.source }),
  };
}

/** What one round of publishing did. */
export interface PublishRound {
  readonly published: number;
  readonly failed: number;
  /** True when the round took a whole batch: more may be waiting. */
  readonly full: boolean;
}

/** Dependencies of the command-finished publisher. */
export interface CommandFinishedPublisherDeps {
  readonly repository: CommandRepository;
  readonly events: CommandFinishedEvents;
  readonly batchSize: number;
  /** How long a claim keeps other replicas away: longer than a publish may wait for its confirm. */
  readonly claimLeaseMs: number;
  readonly onPublishFailed: (error: unknown, event: CommandFinishedEvent) => void;
}

/**
 * Publishes the ends of commands, one claimed batch per round: the commands' rows say which ended and were
 * not announced, so an ack recorded (or a TTL run out) just before a crash is announced by the next round
 * of any replica. The mark follows the confirm: a crash in between announces it again, with the same id.
 */
export function createCommandFinishedPublisher(deps: CommandFinishedPublisherDeps) {
  return {
    async publishRound(): Promise<PublishRound> {
      const ended = await deps.repository.claimUnpublishedEnds(deps.batchSize, deps.claimLeaseMs);
      const events = ended.map(toCommandFinishedEvent);
      const outcomes = await Promise.allSettled(events.map((event) => deps.events.publish(event)));
      const published: string[] = [];
      outcomes.forEach((outcome, index) => {
        const event = events[index];
        if (event === undefined) return;
        if (outcome.status === 'fulfilled') published.push(event.commandId);
        else deps.onPublishFailed(outcome.reason, event);
      });
      // Failed ones stay claimed until the lease ends, then a later round tries them again.
      if (published.length > 0) await deps.repository.markEndsPublished(published);
      const failed = events.length - published.length;
      return { published: published.length, failed, full: ended.length === deps.batchSize };
    },
  };
}

/** The publisher of command ends. */
export type CommandFinishedPublisher = ReturnType<typeof createCommandFinishedPublisher>;
