import type { DeliveryOutcome } from './channels';
import type { ClaimedDelivery } from './ports';
import type { WebhookDeliveryPage } from '@homeport/contracts';
import type {
  WebhookAcceptOutcome,
  WebhookDeliveryFilter,
  WebhookDeliveryRequest,
  WebhookEndpointDisabled,
  WebhookStore,
} from './webhook-ports';

/** The webhook use cases: accepting requests, tracking endpoints' failures, and the operators' calls. */
export interface WebhookEndpoints {
  accept(request: WebhookDeliveryRequest): Promise<WebhookAcceptOutcome>;
  /** After each attempt on the webhook channel (the dispatcher's hook): failing since when, and disabling. */
  afterAttempt(row: ClaimedDelivery, outcome: DeliveryOutcome): Promise<void>;
  /** An endpoint's deliveries, newest first. */
  page(endpointId: string, filter: WebhookDeliveryFilter): Promise<WebhookDeliveryPage>;
  enable(endpointId: string): Promise<void>;
  remove(endpointId: string): Promise<void>;
  /** Publishes the announcements still to be made; resolves with how many went out. */
  announce(): Promise<number>;
  /** Sweeps for announcements left over (a crash, the bus away) every `announcePollMs`. */
  start(): void;
  stop(): Promise<void>;
}

/** Longer than a publish can wait for its confirm, so that two replicas do not announce one endpoint at once. */
const announceLeaseMs = 60_000;
const maxErrorLength = 500;

/**
 * Per endpoint, every failed attempt extends "failing since" and any 2xx clears it. When an attempt fails
 * and the endpoint has been failing for longer than `disableAfterMs`, or answered 410 Gone, it is disabled
 * and its waiting deliveries abandoned, in one transaction; the announcement (webhook.endpoint-disabled) is
 * published after it, from the stored state, so it goes out once even when the process dies in between.
 */
export function createWebhookEndpoints(deps: {
  readonly store: WebhookStore;
  readonly publishDisabled: (event: WebhookEndpointDisabled) => Promise<void>;
  readonly disableAfterMs: number;
  readonly announcePollMs: number;
  readonly now: () => number;
  readonly onDisabled: (endpointId: string, reason: string) => void;
  readonly onError: (error: unknown) => void;
}): WebhookEndpoints {
  const { store } = deps;
  let timer: NodeJS.Timeout | undefined;
  let announcing: Promise<unknown> = Promise.resolve();
  const announce = async () => {
    let published = 0;
    for (const event of await store.claimUnannounced(100, announceLeaseMs)) {
      await deps.publishDisabled({ ...event, lastError: event.lastError.slice(0, maxErrorLength) });
      await store.markAnnounced(event.endpointId);
      published += 1;
    }
    return published;
  };
  const scheduleAnnounce = () => {
    announcing = announcing.then(announce).catch(deps.onError);
  };
  return {
    accept: (request) => store.enqueue(request),
    async afterAttempt(row, outcome) {
      if (row.channel !== 'webhook') return;
      const endpointId = row.address;
      if (outcome.kind === 'delivered') {
        await store.recordSuccess(endpointId);
        return;
      }
      const nowMs = deps.now();
      const failure = await store.recordFailure(endpointId, outcome.reason, nowMs);
      const gone = outcome.kind === 'permanent' && outcome.addressGone;
      const failingForMs = nowMs - failure.failingSinceMs;
      // Already disabled: a request that raced the disabling got queued; abandon it now.
      if (!gone && !failure.disabled && failingForMs <= deps.disableAfterMs) return;
      const reason = gone
        ? `the endpoint answered ${outcome.reason}`
        : `every attempt failed for ${Math.round(failingForMs / 1000)} s (last: ${outcome.reason})`;
      if (await store.disable(endpointId, `abandoned: endpoint disabled, ${reason}`)) {
        deps.onDisabled(endpointId, reason);
        scheduleAnnounce();
      }
    },
    page: (endpointId, filter) => store.page(endpointId, filter),
    enable: (endpointId) => store.enable(endpointId),
    async remove(endpointId) {
      await store.forget(endpointId, 'abandoned: endpoint deleted');
    },
    announce,
    start() {
      scheduleAnnounce();
      timer = setInterval(scheduleAnnounce, deps.announcePollMs);
    },
    async stop() {
      clearInterval(timer);
      await announcing;
    },
  };
}
