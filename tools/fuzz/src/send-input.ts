import type { DeviceTopicKind } from '@homeport/contracts';
import { judgeHttpAnswer, recordOutcome, type Findings } from './findings';
import type { HostilePublisher } from './hostile-publisher';
import type { FuzzInput, HttpInput } from './inputs';
import type { FuzzSession } from './public-api-session';
import { anonymousConnectPacket, sendRawConnection, type MqttRoute } from './raw-mqtt';

/** A hostile device of the payload family: it publishes one message at a time on its own topics. */
export interface PayloadSender {
  readonly publisher: HostilePublisher;
  readonly topics: Readonly<Partial<Record<DeviceTopicKind, string>>>;
}

/** Where and as whom inputs are sent. */
export interface SendContext {
  /** How raw connections reach the broker: without a login, and logged in as a hostile device. */
  readonly mqtt: { readonly anonymous: MqttRoute; readonly hostileDevices: MqttRoute };
  /** CONNECT packets of the packet family's hostile devices, one per lane. */
  readonly packetLogins: readonly Buffer[];
  /** The payload family's hostile devices, one per lane: a publisher and its own topic of each kind. */
  readonly payloadSenders: readonly PayloadSender[];
  readonly brokerApiToken: string;
  /** The fuzzer's public-api user: its access token is public-api's `token`. */
  readonly publicApiSession: FuzzSession;
  /** Base URL of each HTTP service, by name. */
  readonly httpServices: Readonly<Record<string, string>>;
  readonly findings: Findings;
  /** How long a raw connection is watched after its bytes (ms). */
  readonly quietMs: number;
  readonly httpTimeoutMs: number;
  /** True when a platform process is dead (then an unanswered request is the crash's doing, not a finding). */
  readonly isPlatformDown: () => Promise<boolean>;
}

/** What the fuzzer reads of a thrown error. */
interface ErrorFields {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
}

/** Node's and undici's codes of a connection reset by the other side. */
const resetCodes = new Set(['ECONNRESET', 'UND_ERR_SOCKET']);

/**
 * fetch's own message is "fetch failed"; the reason (a reset, a timeout) is its cause. Read as plain fields:
 * an error of Node's realm fails `instanceof Error` in a jest sandbox.
 */
function reasonOf(error: unknown): ErrorFields {
  const fields: ErrorFields = typeof error === 'object' && error !== null ? error : {};
  return typeof fields.cause === 'object' && fields.cause !== null ? fields.cause : fields;
}

function isConnectionReset(error: unknown): boolean {
  const { code } = reasonOf(error);
  return typeof code === 'string' && resetCodes.has(code);
}

/**
 * The token with its next-to-last character changed. Not the last: a base64url text's last character may carry
 * unused bits (an Ed25519 signature's, 4 of its 6), and a decoder ignores them (RFC 4648 §3.5 lets it), so
 * a JWT whose last character went from `w` to `x` is the same signature, still valid.
 */
export function spoilToken(token: string): string {
  const at = token.length - 2;
  return `${token.slice(0, at)}${token[at] === 'x' ? 'y' : 'x'}${token.slice(at + 1)}`;
}

function isPublicApi(input: HttpInput): boolean {
  return input.service.startsWith('public-api');
}

async function sendHttp(input: HttpInput, context: SendContext): Promise<{ status: number; body: string }> {
  const token = isPublicApi(input) ? context.publicApiSession.accessToken() : context.brokerApiToken;
  const headers: Record<string, string> = {};
  if (input.auth === 'token') headers.authorization = `Bearer ${token}`;
  if (input.auth === 'wrong-token') headers.authorization = `Bearer ${spoilToken(token)}`;
  if (input.contentType !== undefined) headers['content-type'] = input.contentType;
  const baseUrl = context.httpServices[input.service];
  if (baseUrl === undefined) return { status: 0, body: `no HTTP service ${input.service}` };
  const send = () =>
    fetch(`${baseUrl}${input.path}`, {
      method: input.method,
      headers,
      ...(input.body === undefined ? {} : { body: input.body }),
      signal: AbortSignal.timeout(context.httpTimeoutMs),
    });
  try {
    // A reset before any answer is sent again, once, and counted: undici fails a request queued on a kept-alive
    // connection when a reset arrives on it before the request is written (the server closed it after an
    // answer that left request bytes unread), so the request never reached the server (nodejs/undici#3492).
    // A server that resets this request itself resets it again: then it is a finding.
    const response = await send().catch((error: unknown) => {
      if (!isConnectionReset(error)) throw error;
      context.findings.resentAfterReset += 1;
      return send();
    });
    const body = await response.text();
    // The session's token refused: a fuzzed logout ended it (or it expired). The next requests get a new one.
    if (response.status === 401 && input.auth === 'token' && isPublicApi(input)) {
      await context.publicApiSession.renew(token);
    }
    return { status: response.status, body };
  } catch (error) {
    const { message } = reasonOf(error);
    return { status: 0, body: typeof message === 'string' ? message : String(error) };
  }
}

/** The item of `items` for a lane: lanes of a family send at once, each with a device of its own. */
function laneItem<T>(items: readonly T[], lane: number): T {
  const item = items[lane % items.length];
  if (item === undefined) throw new Error('no hostile device for the lane');
  return item;
}

/**
 * Sends one input its own way, counts it and its outcome, and judges HTTP answers. `lane` is the sender's
 * number within its family (0 to its concurrency - 1): it picks the hostile device that sends the input.
 */
export async function sendInput(input: FuzzInput, context: SendContext, lane: number): Promise<string> {
  let outcome: string;
  switch (input.family) {
    case 'mqtt-packet': {
      const bytes = Buffer.from(input.bytes, 'base64');
      // An anonymous CONNECT goes with the fuzzed bytes at once: packets that arrive while the broker is
      // still deciding (it refuses a CONNECT without credentials, CONNACK 4).
      outcome =
        input.login === 'hostile-device'
          ? await sendRawConnection(
              context.mqtt.hostileDevices,
              laneItem(context.packetLogins, lane),
              bytes,
              context.quietMs,
            )
          : await sendRawConnection(
              context.mqtt.anonymous,
              undefined,
              input.login === 'none' ? bytes : Buffer.concat([anonymousConnectPacket, bytes]),
              context.quietMs,
            );
      break;
    }
    case 'device-payload': {
      const sender = laneItem(context.payloadSenders, lane);
      const topic = sender.topics[input.kind];
      if (topic === undefined) throw new Error(`no topic of kind ${input.kind}`);
      outcome = await sender.publisher.publish(topic, Buffer.from(input.payload, 'base64'), input.qos);
      break;
    }
    case 'http': {
      const answer = await sendHttp(input, context);
      if (answer.status === 0 && (await context.isPlatformDown())) {
        outcome = 'platform down';
        break;
      }
      judgeHttpAnswer(context.findings, input, answer.status, answer.body);
      outcome = answer.status === 0 ? 'no answer' : String(answer.status);
      break;
    }
  }
  recordOutcome(context.findings, input, outcome);
  return outcome;
}
