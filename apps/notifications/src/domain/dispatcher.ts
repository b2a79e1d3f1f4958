import type { ChannelName, ChannelSender, DeliveryOutcome } from './channels';
import type { CircuitBreaker } from './circuit-breaker';
import type { AttemptRecord, ClaimedDelivery, OutboxStore } from './ports';
import { decideNextStep, type RetryPolicy } from './retry-policy';

/** The sender of each channel this process delivers (a channel without one is left in the outbox). */
export type ChannelSenders = Partial<Record<ChannelName, ChannelSender<unknown>>>;

/** What the dispatcher reports, for metrics and logs. */
export interface DispatchObserver {
  /** One row handled: an attempt's outcome, `suppressed` (dead address) or `deferred` (circuit open). */
  onRow(report: {
    readonly channel: ChannelName;
    readonly provider: string;
    readonly outcome: AttemptRecord['outcome'] | 'deferred';
    readonly finalStatus: string | undefined;
    readonly sendSeconds: number | undefined;
  }): void;
  /** A step failed on the outbox (the database away): the loop waits and goes on. */
  onStoreError(error: unknown): void;
}

/** How the dispatcher works. */
export interface DispatcherSettings {
  /** Rows being sent at once by this process. */
  readonly concurrency: number;
  /** How long a claimed row stays this process's; longer than any send can take. */
  readonly leaseMs: number;
  /** How often to look for due rows when nothing woke the dispatcher. */
  readonly pollIntervalMs: number;
  readonly retry: RetryPolicy;
  /** A channel's own retry policy, where it differs (webhooks retry for longer). */
  readonly retryByChannel?: Partial<Record<ChannelName, RetryPolicy>>;
}

/** The loop that sends what the outbox holds. */
export interface Dispatcher {
  start(): void;
  /** Rows were queued: look now rather than at the next poll. */
  wake(): void;
  /** Stops claiming and waits for the sends in flight to be recorded. */
  stop(): Promise<void>;
}

/**
 * Claims due rows (up to `concurrency` in flight, refilled as each ends, so a slow provider holds only its
 * own rows), sends each through its channel's sender unless the provider's circuit is open, logs the
 * attempt and reschedules or settles the row. Several replicas may run it on one outbox.
 */
export function createDispatcher(deps: {
  readonly outbox: OutboxStore;
  readonly senders: ChannelSenders;
  readonly breaker: CircuitBreaker;
  readonly settings: DispatcherSettings;
  readonly observer: DispatchObserver;
  /** The provider called the address dead: suppress the email address, remove the browser or device. */
  readonly forgetAddress: (channel: ChannelName, address: string, reason: string) => Promise<void>;
  /** After an attempt is logged and its row moved on (webhooks track their endpoint's failures). */
  readonly afterAttempt?: (row: ClaimedDelivery, outcome: DeliveryOutcome) => Promise<void>;
}): Dispatcher {
  const { outbox, senders, breaker, settings, observer } = deps;
  const channels = Object.keys(senders) as ChannelName[];
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let woken = false;
  let interruptPause: (() => void) | undefined;

  const wake = () => {
    woken = true;
    interruptPause?.();
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || !running) {
        resolve();
        return;
      }
      const timer = setTimeout(resolve, ms);
      interruptPause = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      interruptPause = undefined;
      woken = false;
    });

  const deliver = async (row: ClaimedDelivery): Promise<void> => {
    const sender = senders[row.channel];
    if (sender === undefined) throw new Error(`claimed a row of channel ${row.channel}, which has no sender`);
    const provider = sender.provider(row.message);
    const circuit = sender.circuit?.(row.message) ?? provider;
    if (row.suppressed) {
      await outbox.settle(
        row.id,
        { provider, outcome: 'suppressed', reason: 'the address is marked dead' },
        {
          status: 'suppressed',
        },
      );
      observer.onRow({
        channel: row.channel,
        provider,
        outcome: 'suppressed',
        finalStatus: 'suppressed',
        sendSeconds: undefined,
      });
      return;
    }
    if (!breaker.allows(circuit)) {
      // No attempt is made, so none is counted: the row waits out the open circuit (a little spread).
      await outbox.defer(row.id, breaker.remainingOpenMs(circuit) * (1 + Math.random() / 5));
      observer.onRow({
        channel: row.channel,
        provider,
        outcome: 'deferred',
        finalStatus: undefined,
        sendSeconds: undefined,
      });
      return;
    }
    const started = performance.now();
    const outcome = await sendSafely(sender, row.message);
    const sendSeconds = (performance.now() - started) / 1000;
    breaker.record(circuit, outcome.kind === 'transient');
    const retry = settings.retryByChannel?.[row.channel] ?? settings.retry;
    const next = decideNextStep(retry, row.attempts + 1, outcome);
    if (outcome.kind === 'permanent' && outcome.addressGone) {
      await deps.forgetAddress(row.channel, row.address, outcome.reason);
    }
    await outbox.settle(row.id, toAttemptRecord(provider, outcome, row.attempts + 1, next.status), next);
    await deps.afterAttempt?.(row, outcome);
    observer.onRow({
      channel: row.channel,
      provider,
      outcome: outcome.kind,
      finalStatus: next.status === 'pending' ? undefined : next.status,
      sendSeconds,
    });
  };

  const track = (row: ClaimedDelivery) => {
    const work: Promise<void> = deliver(row)
      .catch((error: unknown) => {
        // The row keeps its lease and is taken again once it runs out.
        observer.onStoreError(error);
      })
      .finally(() => {
        inFlight.delete(work);
        wake();
      });
    inFlight.add(work);
  };

  const run = async () => {
    while (running) {
      const free = settings.concurrency - inFlight.size;
      let claimed: ClaimedDelivery[] = [];
      if (free > 0) {
        try {
          claimed = await outbox.claimDue(channels, free, settings.leaseMs);
        } catch (error) {
          observer.onStoreError(error);
        }
      }
      for (const row of claimed) track(row);
      if (free === 0 || claimed.length < free) await pause(settings.pollIntervalMs);
    }
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake,
    async stop() {
      running = false;
      interruptPause?.();
      await loop;
      await Promise.all(inFlight);
    },
  };
}

/** A sender that throws broke its contract (it classifies answers); the row is retried, never lost. */
async function sendSafely(sender: ChannelSender<unknown>, message: unknown): Promise<DeliveryOutcome> {
  try {
    return await sender.send(message);
  } catch (error) {
    return {
      kind: 'transient',
      reason: `the sender failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function toAttemptRecord(
  provider: string,
  outcome: DeliveryOutcome,
  attempt: number,
  status: string,
): AttemptRecord {
  const statusCode = outcome.statusCode === undefined ? {} : { statusCode: outcome.statusCode };
  if (outcome.kind === 'delivered') {
    return {
      provider,
      outcome: 'delivered',
      ...(outcome.providerMessageId !== undefined && { providerMessageId: outcome.providerMessageId }),
      ...statusCode,
    };
  }
  const gaveUp =
    outcome.kind === 'transient' && status === 'failed' ? ` (gave up after ${attempt} attempts)` : '';
  return { provider, outcome: outcome.kind, reason: outcome.reason + gaveUp, ...statusCode };
}
