/** The device-to-cloud channels fan-out forwards to the work queue. */
export const forwardedKinds = ['reported', 'telemetry', 'event'] as const;

/** One of the forwarded channels. */
export type ForwardedKind = (typeof forwardedKinds)[number];

/** How a provider's payload turns into a Homeport payload (see `readDevicePayload`). */
export type PayloadFormat = 'homeport' | 'aws-shadow-update';

/** What a source topic maps to: the device that sent the message, on which channel, in which format. */
export interface DeviceMessageSource {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly kind: ForwardedKind;
  readonly payloadFormat: PayloadFormat;
}

/** A message as it came from the MQTT broker. */
export interface IncomingDeviceMessage {
  readonly topic: string;
  readonly payload: Buffer;
  /** Set only on retained messages replayed at subscribe time (MQTT 3.1.1 §3.3.1.3), never on live ones. */
  readonly retained: boolean;
  /** Epoch milliseconds at receipt. */
  readonly receivedAt: number;
}

/** The contract envelope (deviceReportedV1 / deviceTelemetryV1 / deviceEventV1) around a device payload. */
export interface DeviceEnvelope {
  readonly messageId: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly receivedAt: number;
  readonly payload: unknown;
}

/**
 * Port: puts an envelope on the ingest work queue. Resolves once the broker confirmed it; rejects with
 * AppError `invalid` when the contract refuses the envelope and `unavailable` when the broker is away.
 */
export interface DeviceMessagePublisher {
  publish(kind: ForwardedKind, envelope: DeviceEnvelope): Promise<void>;
}

/** True for the channels fan-out forwards. */
export function isForwardedKind(kind: string): kind is ForwardedKind {
  return (forwardedKinds as readonly string[]).includes(kind);
}
