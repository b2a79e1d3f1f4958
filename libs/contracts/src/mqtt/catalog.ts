import type { TSchema } from 'typebox';
import { deviceExamples } from './examples';
import {
  CommandAckPayload,
  CommandPayload,
  DesiredStatePayload,
  DeviceEventPayload,
  PresencePayload,
  ReportedStatePayload,
  StateDeltaPayload,
  StateRequestPayload,
  TelemetryPayload,
} from './payloads';
import type { DeviceTopicKind } from './topics';

/** One device topic kind: its payload schema, an example, and what it is for. */
export interface DeviceTopicEntry {
  readonly schema: TSchema;
  readonly example: unknown;
  readonly description: string;
}

/** Payload schema, example and purpose of every device topic kind. */
export const deviceTopicCatalog: Record<DeviceTopicKind, DeviceTopicEntry> = {
  reported: {
    schema: ReportedStatePayload,
    example: deviceExamples.reported,
    description: 'The device reports its current state (QoS 1).',
  },
  telemetry: {
    schema: TelemetryPayload,
    example: deviceExamples.telemetry,
    description: 'The device sends measurements for the time series (QoS 1).',
  },
  event: {
    schema: DeviceEventPayload,
    example: deviceExamples.event,
    description: 'Something happened on the device.',
  },
  stateRequest: {
    schema: StateRequestPayload,
    example: deviceExamples.stateRequest,
    description: 'The device asks for its desired state and delta (answered on desired and delta).',
  },
  commandAck: {
    schema: CommandAckPayload,
    example: deviceExamples.commandAck,
    description: 'The device acknowledges a command with its outcome.',
  },
  desired: {
    schema: DesiredStatePayload,
    example: deviceExamples.desired,
    description: 'The desired state, versioned, QoS 1 and retained for devices that were offline.',
  },
  delta: {
    schema: StateDeltaPayload,
    example: deviceExamples.delta,
    description: 'Desired properties that differ from the last reported state.',
  },
  command: {
    schema: CommandPayload,
    example: deviceExamples.command,
    description: 'An operation for the device, delivered at least once until it expires.',
  },
  presence: {
    schema: PresencePayload,
    example: deviceExamples.presence,
    description: 'Online/offline, published by the broker for the device (retained; last will).',
  },
};
