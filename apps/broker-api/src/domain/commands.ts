import type { CommandAckPayload, CommandPayload, RequestSource } from '@homeport/contracts';

/** A command for a device, with its delivery and acknowledgement. */
export interface Command {
  readonly id: string;
  readonly deviceId: string;
  readonly vendorId: string;
  readonly name: string;
  readonly params: Record<string, unknown>;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** When the device first acknowledged receipt at the MQTT level (PUBACK). */
  readonly deliveredAt: Date | null;
  /** When the device acknowledged it on its commandAck topic. */
  readonly ackedAt: Date | null;
  readonly ack: CommandAckPayload | null;
  /** Who asked for it; null when the caller did not say. */
  readonly source: RequestSource | null;
}

/** Where a command is. */
export type CommandState = 'pending' | 'delivered' | 'expired' | CommandAckPayload['status'];

/** The acknowledgements that end a command (`accepted` does not: an outcome is still to come). */
export const finishingAckStatuses = ['done', 'failed', 'rejected'] as const;

/** The outcome the device acknowledged, when it ends the command. */
export function readFinishingAck(command: Command): (typeof finishingAckStatuses)[number] | undefined {
  const status = command.ack?.status;
  return status === undefined || status === 'accepted' ? undefined : status;
}

/**
 * A command's state at `now`: the device's outcome once it acknowledged one, else expired once its TTL ran
 * out (also after `accepted`), else accepted, delivered or pending. Acks after either end are not recorded.
 */
export function commandStateAt(command: Command, now: Date): CommandState {
  const outcome = readFinishingAck(command);
  if (outcome !== undefined) return outcome;
  if (command.expiresAt <= now) return 'expired';
  if (command.ack !== null) return command.ack.status;
  return command.deliveredAt === null ? 'pending' : 'delivered';
}

/** The MQTT message of a command. */
export function toCommandPayload(command: Command): CommandPayload {
  return {
    commandId: command.id,
    name: command.name,
    params: command.params,
    expiresAt: command.expiresAt.getTime(),
  };
}

/** Storage of commands. */
export interface CommandRepository {
  /** Stores a command; AppError `not_found` DEVICE_NOT_FOUND when the device does not exist. */
  insert(command: {
    id: string;
    deviceId: string;
    name: string;
    params: Record<string, unknown>;
    ttlSeconds: number;
    source: RequestSource | null;
  }): Promise<Command>;
  find(deviceId: string, commandId: string): Promise<Command | undefined>;
  /** The device's latest commands, newest first; undefined when the device does not exist. */
  list(deviceId: string, limit: number): Promise<Command[] | undefined>;
  /** Unacknowledged commands that have not expired (database clock), oldest first. */
  listPending(deviceId: string, limit: number): Promise<Command[]>;
  /** Records the first delivery; later ones change nothing. */
  markDelivered(deviceId: string, commandId: string): Promise<void>;
  /**
   * Records (or replaces, accepted -> done) the device's acknowledgement while the command has not ended:
   * 'ended' when it already had an outcome or expired (a late or repeated ack), 'unknown' without it.
   */
  recordAck(
    deviceId: string,
    commandId: string,
    ack: CommandAckPayload,
  ): Promise<'recorded' | 'ended' | 'unknown'>;
  /**
   * Claims up to `limit` commands that ended (outcome acknowledged, or expired) and whose end was not
   * published yet, for `leaseMs`: other callers (replicas) skip them meanwhile; expired claims are taken again.
   */
  claimUnpublishedEnds(limit: number, leaseMs: number): Promise<Command[]>;
  /** Records that the ends of these commands were published (confirmed); deleted commands are skipped. */
  markEndsPublished(commandIds: readonly string[]): Promise<void>;
}
