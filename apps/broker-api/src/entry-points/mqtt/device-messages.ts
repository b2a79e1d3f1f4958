import { StateRequestPayload, compileValidator, type DeviceTopic } from '@homeport/contracts';
import type { Logger } from '@homeport/observability';
import type { CommandService } from '../../domain/command-service';
import type { MqttIdentity } from '../../domain/mqtt-identity';
import type { ShadowService } from '../../domain/shadow-service';
import type { BackgroundTasks } from './background-tasks';
import type { MqttMetrics } from './mqtt-metrics';

/** Dependencies of the handlers of the device messages the broker itself consumes. */
export interface DeviceMessagesDeps {
  readonly shadows: ShadowService;
  readonly commands: CommandService;
  readonly tasks: BackgroundTasks;
  readonly metrics: MqttMetrics;
  readonly logger: Logger;
}

const stateRequestValidator = compileValidator(StateRequestPayload);
/** Why an ack changed nothing; `command_ended`: it came after the command's outcome or expiry (or twice). */
const ackProblems = { invalid: 'schema', unknown: 'unknown_command', ended: 'command_ended' } as const;

/**
 * The broker answers state requests (desired + delta) and records command acknowledgements; every other
 * device message is only routed (fan-out subscribes to it). Invalid ones are counted and logged, and do not
 * close the connection: the topic and JSON were already accepted.
 */
export function createDeviceMessageHandlers(deps: DeviceMessagesDeps) {
  const { tasks, metrics, logger } = deps;
  const invalid = (kind: string, problem: string, topic: DeviceTopic, reasons: string[] = []) => {
    metrics.invalidDeviceMessages.inc({ kind, problem });
    logger.info({ deviceId: topic.deviceId, kind, problem, reasons }, 'device message ignored');
  };

  return {
    onDeviceMessage: (identity: MqttIdentity, topic: DeviceTopic, body: unknown): void => {
      if (identity.kind !== 'device') return;
      if (topic.kind === 'stateRequest') {
        if (!stateRequestValidator.isValid(body)) {
          invalid('stateRequest', 'schema', topic, stateRequestValidator.explain(body));
          return;
        }
        tasks.run('answer-state-request', () => deps.shadows.answerStateRequest(topic), {
          deviceId: topic.deviceId,
        });
      } else if (topic.kind === 'commandAck' && topic.commandId !== undefined) {
        const commandId = topic.commandId;
        tasks.run('record-command-ack', async () => {
          const outcome = await deps.commands.acknowledge(topic.deviceId, commandId, body);
          if (outcome !== 'recorded') invalid('commandAck', ackProblems[outcome], topic);
        });
      }
    },

    onCommandSent: (topic: DeviceTopic): void => {
      const commandId = topic.commandId;
      if (commandId === undefined) return;
      tasks.run('mark-command-delivered', () => deps.commands.markDelivered(topic.deviceId, commandId), {
        commandId,
      });
    },
  };
}
