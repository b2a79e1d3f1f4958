import type { ChannelName } from './channels';
import type { DueDigest, OutboxEntry, OutboxStore, RecipientStore } from './ports';
import { digestTemplate } from './templates/digest';
import { renderEmail, renderShort, type RenderContext } from './templates/email-template';
import { chooseLocale, chooseTimeZone } from './templates/locales';

/** The periodic job that sends held messages as one when they come due. */
export interface DigestJob {
  start(): void;
  /** Runs once now (also what each tick does); resolves with the digests queued. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

type Reason = 'quiet' | 'digest' | 'rate';

const asRecord = (message: unknown): Record<string, unknown> =>
  typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : {};

/** One line per held message: what its subject (email) or title and body (push, SMS) said. */
function describe(channel: ChannelName, message: unknown): string {
  const fields = asRecord(message);
  const text = (key: string) => (typeof fields[key] === 'string' ? fields[key] : '');
  if (channel === 'email') return text('subject');
  if (channel === 'sms') return text('body');
  return `${text('title')}: ${text('body')}`;
}

/** The digest's message for its channel, to the held messages' address. */
function renderDigest(digest: DueDigest, context: RenderContext, reason: Reason): unknown {
  const data = { reason, items: digest.held.map((held) => describe(digest.channel, held.message)) };
  if (digest.channel === 'email') {
    return { to: digest.address, ...renderEmail(digestTemplate, data, context) };
  }
  const short = renderShort(digestTemplate, data, context);
  if (digest.channel === 'sms')
    return { to: digest.address, body: `Homeport: ${short.title}. ${short.body}` };
  // A browser's subscription or an app's token, as the first held message carried it.
  return {
    ...asRecord(digest.held[0]?.message),
    ...short,
    urgency: 'normal',
    data: { link: context.webAppUrl },
  };
}

/**
 * Every `pollMs`, turns held rows that came due (quiet hours over, digest time, the rate-limit hour over)
 * into one message per user, channel, address and digest key. Any number of replicas may run it.
 */
export function createDigestJob(deps: {
  readonly outbox: OutboxStore;
  readonly recipients: RecipientStore;
  readonly webAppUrl: string;
  readonly pollMs: number;
  readonly now: () => number;
  readonly onQueued: () => void;
  readonly onError: (error: unknown) => void;
}): DigestJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const render = async (digest: DueDigest): Promise<OutboxEntry> => {
    const recipient = await deps.recipients.find(digest.userId);
    const reason = digest.digestKey.split('|')[0] as Reason;
    const context: RenderContext = {
      locale: chooseLocale(recipient?.locale),
      timeZone: chooseTimeZone(recipient?.timeZone),
      severity: 'info',
      webAppUrl: deps.webAppUrl,
    };
    return {
      ...{ dedupKey: digest.digestKey, recipient: digest.userId, channel: digest.channel },
      ...{ userId: digest.userId, category: 'digest', severity: 'info', template: digestTemplate.name },
      ...{ address: digest.address, message: renderDigest(digest, context, reason) },
    };
  };
  const runOnce = async () => {
    const queued = await deps.outbox.collectDueHeld(deps.now(), 500, render);
    if (queued > 0) deps.onQueued();
    return queued;
  };
  return {
    start() {
      timer = setInterval(() => {
        running = running.then(runOnce).catch(deps.onError);
      }, deps.pollMs);
    },
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
