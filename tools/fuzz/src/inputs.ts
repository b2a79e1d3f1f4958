import type { DeviceTopicKind } from '@homeport/contracts';

/** The three kinds of hostile input, each sent its own way. */
export const inputFamilies = ['mqtt-packet', 'device-payload', 'http'] as const;
/** A kind of hostile input. */
export type InputFamily = (typeof inputFamilies)[number];

/** How a raw MQTT connection starts before its fuzzed packets. */
export type PacketLogin = 'none' | 'anonymous-connect' | 'hostile-device';

/**
 * Bytes written on a fresh TCP connection to the broker: the fuzzed packets (`valid`, `mutated` or `random`)
 * alone, after a valid CONNECT without credentials (in the same write), or after a valid CONNECT of one of
 * the packet family's hostile devices has been accepted.
 */
export interface PacketInput {
  readonly family: 'mqtt-packet';
  readonly variant: 'valid' | 'mutated' | 'random';
  readonly login: PacketLogin;
  /** The fuzzed bytes, base64 (the login CONNECT is built at send time from the device's secret). */
  readonly bytes: string;
  /** What the generator made, e.g. `publish, bit flips`. */
  readonly note: string;
}

/** A payload the payload family's hostile device publishes on one of its own device topics. */
export interface PayloadInput {
  readonly family: 'device-payload';
  readonly kind: DeviceTopicKind;
  readonly qos: 0 | 1;
  /** The payload, base64 (it may be invalid UTF-8). */
  readonly payload: string;
  readonly note: string;
}

/** One HTTP request to a service of the platform. */
export interface HttpInput {
  readonly family: 'http';
  readonly method: string;
  /** The OpenAPI path template, e.g. `/devices/{deviceId}`: how 5xx are grouped. */
  readonly route: string;
  /** The platform's HTTP service it goes to (`broker-api`, ...). */
  readonly service: string;
  /** The route needs the service's token: answering < 400 without it is a finding. */
  readonly needsToken: boolean;
  /** The path and query as sent. */
  readonly path: string;
  /** `token`: broker-api's token, or the access token of the fuzzer's public-api session. */
  readonly auth: 'token' | 'none' | 'wrong-token';
  readonly contentType?: string;
  readonly body?: string;
  readonly note: string;
}

/** Any hostile input; serializable as JSON, so a crash's inputs can be saved and replayed. */
export type FuzzInput = PacketInput | PayloadInput | HttpInput;

/** One line about an input, for reports: family, where, note, size. */
export function describeInput(input: FuzzInput): string {
  switch (input.family) {
    case 'mqtt-packet':
      return `mqtt-packet ${input.variant} (${input.login}): ${input.note}, ${Buffer.from(input.bytes, 'base64').length} bytes`;
    case 'device-payload':
      return `device-payload on ${input.kind} qos ${input.qos}: ${input.note}, ${Buffer.from(input.payload, 'base64').length} bytes`;
    case 'http':
      return `http ${input.method} ${input.route} (${input.auth}): ${input.note}, ${input.service} ${truncate(input.path, 120)}`;
  }
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}...` : text;
}
