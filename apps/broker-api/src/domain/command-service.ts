import {
  CommandAckPayload,
  compileValidator,
  type CommandPayload,
  type RequestSource,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { requireWithinLimits } from './payload-limits';
import { toCommandPayload, type Command, type CommandRepository } from './commands';
import type { DeviceChannel } from './device-channel';
import { createId } from './new-id';

/** Use cases of device commands. */
export interface CommandService {
  /** Stores the command and publishes it to the device (delivered later when the device is offline). */
  create(
    deviceId: string,
    input: { name: string; params: Record<string, unknown>; ttlSeconds: number; source?: RequestSource },
  ): Promise<Command>;
  get(deviceId: string, commandId: string): Promise<Command>;
  list(deviceId: string): Promise<Command[]>;
  /** The messages of the device's unacknowledged, unexpired commands, oldest first. */
  listPendingPayloads(deviceId: string): Promise<CommandPayload[]>;
  markDelivered(deviceId: string, commandId: string): Promise<void>;
  /**
   * Records an acknowledgement; 'invalid' when the body is no CommandAckPayload, 'unknown' without such
   * command, 'ended' when the command already had an outcome or expired (the ack changes nothing).
   */
  acknowledge(
    deviceId: string,
    commandId: string,
    body: unknown,
  ): Promise<'recorded' | 'ended' | 'invalid' | 'unknown'>;
}

/** Dependencies of the command use cases. */
export interface CommandServiceDeps {
  readonly repository: CommandRepository;
  readonly channel: DeviceChannel;
  /** A stored command could not be published now; it is delivered when the device next subscribes. */
  readonly onPublishFailed: (error: unknown, command: Command) => void;
  /** An acknowledgement ended a command: its device.command-finished event is due now. */
  readonly onCommandEnded: () => void;
}

const ackValidator = compileValidator(CommandAckPayload);
const pendingLimit = 100;
const listLimit = 100;

/** Creates the command use cases. */
export function createCommandService(deps: CommandServiceDeps): CommandService {
  const { repository, channel } = deps;
  return {
    async create(deviceId, input) {
      requireWithinLimits({ params: input.params });
      const command = await repository.insert({
        id: createId('cmd'),
        deviceId,
        ...input,
        source: input.source ?? null,
      });
      const address = { vendorId: command.vendorId, deviceId, commandId: command.id };
      // A failed publish does not fail the request: the command is stored and delivered on the next subscribe.
      await channel.publishCommand(address, toCommandPayload(command)).catch((error: unknown) => {
        deps.onPublishFailed(error, command);
      });
      return command;
    },
    async get(deviceId, commandId) {
      const command = await repository.find(deviceId, commandId);
      if (command === undefined) {
        throw new AppError('not_found', 'COMMAND_NOT_FOUND', `command ${commandId} not found`);
      }
      return command;
    },
    async list(deviceId) {
      const commands = await repository.list(deviceId, listLimit);
      if (commands === undefined)
        throw new AppError('not_found', 'DEVICE_NOT_FOUND', `device ${deviceId} not found`);
      return commands;
    },
    async listPendingPayloads(deviceId) {
      return (await repository.listPending(deviceId, pendingLimit)).map(toCommandPayload);
    },
    markDelivered: (deviceId, commandId) => repository.markDelivered(deviceId, commandId),
    async acknowledge(deviceId, commandId, body) {
      if (!ackValidator.isValid(body)) return 'invalid';
      const outcome = await repository.recordAck(deviceId, commandId, body);
      if (outcome === 'recorded' && body.status !== 'accepted') deps.onCommandEnded();
      return outcome;
    },
  };
}
