import { liveEventTypes } from '@homeport/contracts';
import { waitForValue } from '@homeport/testing';
import { EventSource } from 'eventsource';

/** One event a test's stream received. */
export interface ReceivedLiveEvent {
  readonly id: string;
  readonly type: string;
  readonly data: { readonly deviceId?: string; readonly homeId?: string } & Record<string, unknown>;
}

/** A live stream read by a real SSE client (the `eventsource` package), as an app reads it. */
export interface TestLiveStream {
  readonly events: ReceivedLiveEvent[];
  /** Resolves with the first received event (from the start) that `matches`. */
  next(matches: (event: ReceivedLiveEvent) => boolean, description: string): Promise<ReceivedLiveEvent>;
  /** Resolves once the server ended the stream. */
  readonly ended: Promise<void>;
  /** Cuts the connection, as a dropped network does (no reconnection). */
  close(): void;
}

/**
 * Opens GET /v1/live at `baseUrl` as `token`, from `lastEventId` when given; resolves once the server
 * answered 200 (its positions are fixed: what is published afterwards reaches it). The client does not
 * reconnect by itself: each test decides where to resume.
 */
export function openLiveStream(
  baseUrl: string,
  token: string,
  options: { readonly query?: string; readonly lastEventId?: string } = {},
): Promise<TestLiveStream> {
  const events: ReceivedLiveEvent[] = [];
  let markEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  const source = new EventSource(`${baseUrl}/v1/live${options.query ?? ''}`, {
    fetch: (input, init) =>
      fetch(input, {
        ...init,
        headers: {
          ...init.headers,
          authorization: `Bearer ${token}`,
          ...(options.lastEventId !== undefined && { 'last-event-id': options.lastEventId }),
        },
      }),
  });
  for (const type of Object.values(liveEventTypes)) {
    source.addEventListener(type, (message) => {
      events.push({
        id: message.lastEventId,
        type,
        data: JSON.parse(String(message.data)) as ReceivedLiveEvent['data'],
      });
    });
  }
  return new Promise((resolve, reject) => {
    source.onopen = () => {
      resolve({
        events,
        next: (matches, description) =>
          waitForValue(() => Promise.resolve(events.find(matches)), `live event: ${description}`),
        ended,
        close: () => {
          source.close();
          markEnded();
        },
      });
    };
    source.onerror = (error) => {
      // The server ended the stream (or refused it): no reconnection, the test decides.
      source.close();
      markEnded();
      reject(new Error(`live stream: ${error.message ?? 'closed'} (${String(error.code)})`));
    };
  });
}
