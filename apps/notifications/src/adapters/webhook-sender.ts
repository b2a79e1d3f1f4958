import { STATUS_CODES } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import type { DeliveryOutcome, WebhookSender } from '../domain/channels';
import { permanentOutcome, readRetryAfterMs, transientOutcome } from './provider-answers';
import { checkLiteralHost, createPublicAddressLookup, RefusedAddressError } from './public-address';

/** How webhook deliveries are sent. */
export interface WebhookSenderOptions {
  /** One attempt, from the lookup to the end of the answer's excerpt. */
  readonly timeoutMs: number;
  /** Reach loopback and private addresses (tests, the embedded single-machine mode); never in a cluster. */
  readonly allowPrivateHosts: boolean;
  readonly now?: () => number;
}

/** The part of a receiver's answer kept for the log: nobody needs more, and it is the receiver's data. */
const excerptBytes = 200;

/** Reads the answer's first bytes and drops the rest. */
async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= excerptBytes) break;
  }
  body.destroy();
  return Buffer.concat(chunks).subarray(0, excerptBytes).toString('utf8').replace(/\s+/g, ' ').trim();
}

/**
 * What an answer means (https://www.standardwebhooks.com, "Delivery behaviour"): any 2xx is delivered; 410
 * Gone says the endpoint is no more (permanent, `addressGone`: the endpoint gets disabled); anything else is
 * worth retrying, after the receiver's Retry-After when a 429 or 503 carries one.
 */
export function classifyWebhookAnswer(
  status: number,
  retryAfter: string | string[] | undefined,
  excerpt: string,
  nowMs: number,
): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', statusCode: status };
  const reason =
    `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trim() + (excerpt === '' ? '' : `: ${excerpt}`);
  if (status === 410) return { ...permanentOutcome(reason, true), statusCode: status };
  const waitMs = status === 429 || status === 503 ? readRetryAfterMs(retryAfter, nowMs) : undefined;
  return { ...transientOutcome(reason, waitMs), statusCode: status };
}

function findRefusal(error: unknown): RefusedAddressError | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof RefusedAddressError) return cause;
  }
  return undefined;
}

const describeFailure = (error: unknown) =>
  error instanceof Error
    ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}`
    : String(error);

/**
 * POSTs each delivery's body to its URL, signed when the attempt is made (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`, by the `standardwebhooks` package), following no redirect. Unless private hosts are
 * allowed, the host's addresses are checked by the socket's own lookup (see public-address.ts), and a
 * refused one is a permanent failure. The circuit is the receiving host (with its port).
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const now = options.now ?? Date.now;
  const agent = new Agent({
    keepAliveTimeout: 4000,
    connect: {
      timeout: options.timeoutMs,
      ...(!options.allowPrivateHosts && { lookup: createPublicAddressLookup() }),
    },
  });
  return {
    channel: 'webhook',
    provider: () => 'webhook',
    circuit: (message) => `webhook ${URL.canParse(message.url) ? new URL(message.url).host : message.url}`,
    async send(message) {
      if (!URL.canParse(message.url)) return permanentOutcome('not a URL', false);
      const url = new URL(message.url);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return permanentOutcome(`unsupported URL scheme ${url.protocol}`, false);
      }
      const literal = options.allowPrivateHosts ? undefined : checkLiteralHost(url.hostname);
      if (literal !== undefined) return permanentOutcome(`refused: ${literal.message}`, false);
      const timestamp = new Date(now());
      let signature: string;
      try {
        signature = new Webhook(message.secret).sign(message.messageId, timestamp, message.body);
      } catch (error) {
        return permanentOutcome(`the endpoint's secret cannot sign: ${describeFailure(error)}`, false);
      }
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        const answer = await request(url, {
          method: 'POST',
          dispatcher: agent,
          signal,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Homeport-Webhooks/1',
            'webhook-id': message.messageId,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body: message.body,
        });
        const excerpt = await readExcerpt(answer.body);
        return classifyWebhookAnswer(answer.statusCode, answer.headers['retry-after'], excerpt, now());
      } catch (error) {
        const refusal = findRefusal(error);
        if (refusal !== undefined) return permanentOutcome(`refused: ${refusal.message}`, false);
        if (signal.aborted) return transientOutcome(`no answer within ${options.timeoutMs} ms`);
        return transientOutcome(`could not deliver: ${describeFailure(error)}`);
      }
    },
    close: () => agent.close(),
  };
}
