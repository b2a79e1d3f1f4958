import type { CommandAckPayload, CommandPayload } from '@homeport/contracts';

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
}

/** Where a command is. */
export type CommandState = 'pending' | 'delivered' | 'expired' | CommandAckPayload['status'];

/** A command's state at `now`: the device's outcome once acknowledged, else expired, delivered or pending. */
export function commandStateAt(command: Command, now: Date): CommandState {
  if (command.ack !== null) return command.ack.status;
  if (command.expiresAt <= now) return 'expired';
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
  }): Promise<Command>;
  find(deviceId: string, commandId: string): Promise<Command | undefined>;
  /** The device's latest commands, newest first; undefined when the device does not exist. */
  list(deviceId: string, limit: number): Promise<Command[] | undefined>;
  /** Unacknowledged commands that have not expired (database clock), oldest first. */
  listPending(deviceId: string, limit: number): Promise<Command[]>;
  /** Records the first delivery; later ones change nothing. */
  markDelivered(deviceId: string, commandId: string): Promise<void>;
  /** Records (or replaces, e.g. accepted -> done) the device's acknowledgement; false when no such command. */
  recordAck(deviceId: string, commandId: string, ack: CommandAckPayload): Promise<boolean>;
}
