import { toPublicAlertEvent, type AlertMessage } from './alert-events';
import type {
  devicePresenceV1,
  deviceStateChangedV1,
  LiveAlertEvent,
  LiveAlertFlappingEvent,
  LivePresenceEvent,
  LiveStateChangedEvent,
  MessagePayload,
} from '@homeport/contracts';

/** One event of a home's live log, as the streams deliver it (`type` is the SSE event name). */
export type LiveEvent =
  | { readonly type: 'device.state-changed'; readonly data: LiveStateChangedEvent }
  | { readonly type: 'device.presence'; readonly data: LivePresenceEvent }
  | {
      readonly type: 'alert.fired' | 'alert.resolved' | 'alert.acknowledged' | 'alert.escalated';
      readonly data: LiveAlertEvent;
    }
  | { readonly type: 'alert.flapping-changed'; readonly data: LiveAlertFlappingEvent };

/**
 * Where an event stands in its device's history of its type: [time, sequence]. The log keeps each device's
 * events of a type in this order: one older than the last appended is stale (superseded) and not appended.
 */
export type LiveOrder = readonly [number, number];

/** What the consumer appends to a home's log. */
export interface LiveLogAppend {
  readonly homeId: string;
  /** The event's message id: a redelivery of the last appended event is recognised and not appended again. */
  readonly eventId: string;
  readonly order: LiveOrder;
  readonly event: LiveEvent;
}

/** Whether an append took place: not for a redelivery, nor for an event older than one already appended. */
export type LiveAppendOutcome = 'appended' | 'duplicate' | 'stale';

/** An event read back from a home's log, at its position there. */
export interface LiveLogEntry {
  readonly homeId: string;
  /** `<ms>-<seq>`, increasing within the home's log (a Redis Streams entry id). */
  readonly position: string;
  readonly event: LiveEvent;
}

/**
 * The edges of a home's log: its last position, and the first it still keeps once older ones were trimmed
 * away (`0-0` while none was). A stream at a position before `trimmedBefore` may have missed events.
 */
export interface LiveLogBounds {
  readonly last: string;
  readonly trimmedBefore: string;
}

/** Reads the logs for one stream, waiting for what comes next. */
export interface LiveLogReader {
  /** Up to `max` entries after each home's position (log order per home), or [] once `waitMs` passed without any. */
  read(positions: ReadonlyMap<string, string>, waitMs: number, max: number): Promise<LiveLogEntry[]>;
  /** Ends the reader; a read in progress resolves []. */
  close(): void;
}

/**
 * The homes' live logs, shared by every replica (Redis Streams), or in process in the embedded mode. Each
 * home's log keeps a bounded window of its latest events; both implementations pass one contract suite.
 */
export interface LiveLog {
  append(entry: LiveLogAppend): Promise<LiveAppendOutcome>;
  /** The bounds of each home's log (a home without events: `0-0`, `0-0`). */
  boundsOf(homeIds: readonly string[]): Promise<Map<string, LiveLogBounds>>;
  openReader(): LiveLogReader;
}

/** The position before every entry of a log. */
export const logStart = '0-0';

const positionPattern = /^(\d{1,15})-(\d{1,15})$/;

/** True for a well-formed log position. */
export function isLogPosition(value: string): boolean {
  return positionPattern.test(value);
}

/** Negative when `a` comes before `b` in a log, 0 when equal, positive after. */
export function comparePositions(a: string, b: string): number {
  const [, aMs = '0', aSeq = '0'] = positionPattern.exec(a) ?? [];
  const [, bMs = '0', bSeq = '0'] = positionPattern.exec(b) ?? [];
  return Number(aMs) - Number(bMs) || Number(aSeq) - Number(bSeq);
}

/** Which home a device belongs to now, as the registry says (undefined: unclaimed or deleted). */
export interface DeviceHomes {
  homeOf(deviceId: string): Promise<string | undefined>;
}

type StateChanged = MessagePayload<typeof deviceStateChangedV1>;
type Presence = MessagePayload<typeof devicePresenceV1>;

/**
 * The home of a presence event: the one broker-api recorded with the change (`ownerId`; null: unclaimed), so
 * a reconnect storm costs no registry read per device; the device's home now for an event without it
 * (published before the field existed).
 */
export function homeOfPresence(deviceHomes: DeviceHomes, event: Presence): Promise<string | undefined> {
  if (event.ownerId === undefined) return deviceHomes.homeOf(event.deviceId);
  return Promise.resolve(event.ownerId ?? undefined);
}

/**
 * Turns homeport.events into entries of the device's home log; events of devices in no home are dropped. An
 * alert's event goes to the home it opened in (the event says it), even if the device moved since.
 */
export function createLiveRecorder({ deviceHomes, log }: { deviceHomes: DeviceHomes; log: LiveLog }) {
  async function record(
    home: Promise<string | undefined>,
    eventId: string,
    order: LiveOrder,
    toEvent: (homeId: string) => LiveEvent,
  ): Promise<LiveAppendOutcome | 'no-home'> {
    const homeId = await home;
    if (homeId === undefined) return 'no-home';
    return log.append({ homeId, eventId, order, event: toEvent(homeId) });
  }
  return {
    async recordAlert(message: AlertMessage, eventId: string): Promise<LiveAppendOutcome | 'no-home'> {
      const { scope, event } = toPublicAlertEvent(message);
      const { homeId } = scope;
      if (homeId === null) return 'no-home';
      const live: LiveEvent =
        event.type === 'alert.flapping-changed'
          ? { type: event.type, data: { homeId, ...event.data } }
          : { type: event.type, data: { homeId, ...event.data } };
      return log.append({ homeId, eventId, order: [scope.at, 0], event: live });
    },
    recordStateChanged: (event: StateChanged, eventId: string) =>
      record(deviceHomes.homeOf(event.deviceId), eventId, [event.reportedAt, event.seq ?? 0], (homeId) => ({
        type: 'device.state-changed',
        data: {
          homeId,
          vendorId: event.vendorId,
          deviceId: event.deviceId,
          changed: event.changed,
          state: event.state,
          reportedAt: new Date(event.reportedAt).toISOString(),
        },
      })),
    recordPresence: (event: Presence, eventId: string) =>
      record(homeOfPresence(deviceHomes, event), eventId, [event.at, 0], (homeId) => ({
        type: 'device.presence',
        data: {
          homeId,
          vendorId: event.vendorId,
          deviceId: event.deviceId,
          online: event.status === 'online',
          reason: event.reason,
          at: new Date(event.at).toISOString(),
        },
      })),
  };
}

/** The use cases of the live-events consumer. */
export type LiveRecorder = ReturnType<typeof createLiveRecorder>;
