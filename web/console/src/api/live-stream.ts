import type { PublicApiClient } from '@homeport/api-client';
import type { LiveAlertEvent, LivePresenceEvent, LiveStateChangedEvent } from '@homeport/contracts';
import { readServerSentEvents } from './server-sent-events';

/** What a page does with the live stream's events (GET /v1/live); a page follows the kinds it shows. */
export interface LiveHandlers {
  onStateChanged?(event: LiveStateChangedEvent): void;
  onPresence?(event: LivePresenceEvent): void;
  /** An alert of one of the home's devices fired, resolved, was acknowledged or escalated. */
  onAlert?(event: LiveAlertEvent): void;
  /** Events were missed (the stream resumed from too far back): read the devices again. */
  onResync(): void;
  /** The stream is open, or lost and being opened again. */
  onConnection(state: 'open' | 'reconnecting'): void;
}

const reconnectDelayMs = 2000;
/** The live stream's alert transitions (its `event` field), which carry a LiveAlertEvent. */
const alertEventTypes = new Set<string>([
  'alert.fired',
  'alert.resolved',
  'alert.acknowledged',
  'alert.escalated',
]);

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Follows public-api's live stream of the caller's homes (or one home, or one device) until the returned
 * function is called. The server ends each stream after a while (LIVE_MAX_STREAM_SECONDS) and may go away:
 * it opens again, resuming after the last event id so nothing is missed.
 */
export function followLiveStream(
  api: PublicApiClient,
  query: { readonly homeId?: string; readonly deviceId?: string },
  handlers: LiveHandlers,
): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  let lastEventId: string | undefined;
  const dispatch = (type: string, data: string) => {
    if (type === 'device.state-changed') handlers.onStateChanged?.(JSON.parse(data) as LiveStateChangedEvent);
    else if (type === 'device.presence') handlers.onPresence?.(JSON.parse(data) as LivePresenceEvent);
    else if (alertEventTypes.has(type)) handlers.onAlert?.(JSON.parse(data) as LiveAlertEvent);
    else if (type === 'resync') handlers.onResync();
  };
  // A function, so the compiler does not take the flag as constant across the awaits.
  const isStopped = () => signal.aborted;
  const follow = async () => {
    while (!isStopped()) {
      try {
        const { response } = await api.GET('/v1/live', {
          params: { query },
          parseAs: 'stream',
          signal,
          headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
        });
        // 401: the session ended, which the app handles; other refusals are retried.
        if (response.status === 401) return;
        if (response.ok && response.body !== null) {
          handlers.onConnection('open');
          await readServerSentEvents(response.body, (event) => {
            lastEventId = event.id ?? lastEventId;
            dispatch(event.type, event.data);
          });
        }
      } catch {
        // A dropped connection or an aborted read: reconnect below unless stopped.
      }
      if (isStopped()) return;
      handlers.onConnection('reconnecting');
      await wait(reconnectDelayMs, signal);
    }
  };
  void follow();
  return () => {
    controller.abort();
  };
}
