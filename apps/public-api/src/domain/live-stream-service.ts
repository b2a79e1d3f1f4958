import type { LiveStreamQuery } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { UserCaller } from './callers';
import { canViewHome } from './home-policies';
import type { HomeRepository } from './homes';
import { decodeLiveCursor, encodeLiveCursor } from './live-cursor';
import { comparePositions, type LiveEvent, type LiveLog, type LiveLogBounds } from './live-events';

/** Limits of the live streams (config.ts). */
export interface LiveStreamSettings {
  /** Streams one person may hold open on one replica. */
  readonly maxStreamsPerUser: number;
  /** How often an open stream re-reads the caller's homes: a removed member's stream ends within it. */
  readonly scopeCheckMs: number;
  /** A stream ends after this long, and the client reconnects with a current access token. */
  readonly maxStreamMs: number;
}

/** One message of the stream: its SSE `id`, `event` and `data`. */
export interface LiveMessage {
  readonly id: string;
  readonly type: LiveEvent['type'] | 'resync';
  readonly data: unknown;
}

/** Where a stream writes (the HTTP response); `send` rejects when the client cannot keep up. */
export interface LiveSink {
  send(message: LiveMessage): Promise<void>;
  /** The stream is over: let go of the connection. */
  end(): void;
}

/** Why a stream ended: closed (client gone, shutdown), the caller's homes changed, or its time was up. */
export type LiveStreamEnd = 'closed' | 'scope_changed' | 'expired';

/** An opened stream: `run` delivers until it ends; `close` ends it from outside. */
export interface LiveStream {
  run(sink: LiveSink): Promise<LiveStreamEnd>;
  close(): void;
}

/** Entries read at once; a full read may mean the stream fell behind, so the window is checked again. */
const readBatch = 100;

const homeNotFound = () => new AppError('not_found', 'HOME_NOT_FOUND', 'no such home among yours');

/** Opens the live streams of people, each confined to the homes they belong to while it is open. */
export function createLiveStreamService(deps: {
  homes: HomeRepository;
  log: LiveLog;
  settings: LiveStreamSettings;
}) {
  const { homes, log, settings } = deps;
  const openPerUser = new Map<string, number>();
  const open = new Set<LiveStream>();
  const running = new Set<Promise<LiveStreamEnd>>();
  let shuttingDown = false;

  async function homesInScope(caller: UserCaller, homeId: string | undefined): Promise<string[]> {
    const scope = await homes.loadScope(caller.userId);
    if (homeId === undefined) return [...scope.roles.keys()];
    if (!canViewHome(scope, homeId)) throw homeNotFound();
    return [homeId];
  }

  function resumeFrom(bounds: Map<string, LiveLogBounds>, cursor: Map<string, string> | undefined) {
    const positions = new Map<string, string>();
    const trimmed: string[] = [];
    for (const [homeId, { last, trimmedBefore }] of bounds) {
      const resumed = cursor?.get(homeId);
      // Behind the window's edge, or past the log's end (the log was lost): events were missed.
      const missed =
        resumed !== undefined &&
        (comparePositions(resumed, trimmedBefore) < 0 || comparePositions(resumed, last) > 0);
      if (missed) trimmed.push(homeId);
      positions.set(homeId, resumed === undefined || missed ? last : resumed);
    }
    return { positions, trimmed };
  }

  function claimSlot(userId: string): () => void {
    const count = openPerUser.get(userId) ?? 0;
    if (count >= settings.maxStreamsPerUser) {
      throw new AppError(
        'rate_limited',
        'LIVE_STREAMS_LIMIT',
        `at most ${settings.maxStreamsPerUser} live streams at once; close one first`,
      );
    }
    openPerUser.set(userId, count + 1);
    return () => {
      const left = (openPerUser.get(userId) ?? 1) - 1;
      if (left === 0) openPerUser.delete(userId);
      else openPerUser.set(userId, left);
    };
  }

  return {
    /**
     * Opens a stream of the caller's homes (or one), from where `lastEventId` left off or from now. 400
     * LIVE_EVENT_ID_INVALID for an id that is not one of ours, 404 HOME_NOT_FOUND for a home not theirs.
     */
    async open(caller: UserCaller, filter: LiveStreamQuery, lastEventId?: string): Promise<LiveStream> {
      // A client whose stream closeAll ended reconnects at once, often on the same keep-alive connection:
      // refused, it resumes on another replica instead of holding this one's shutdown.
      if (shuttingDown) throw new AppError('unavailable', 'LIVE_SHUTTING_DOWN', 'this replica is stopping');
      const cursor = lastEventId === undefined ? undefined : decodeLiveCursor(lastEventId);
      if (lastEventId !== undefined && cursor === undefined) {
        throw new AppError('invalid', 'LIVE_EVENT_ID_INVALID', 'Last-Event-ID is not an id of this stream', {
          details: { field: 'Last-Event-ID' },
        });
      }
      const homeIds = await homesInScope(caller, filter.homeId);
      const releaseSlot = claimSlot(caller.userId);
      try {
        const { positions, trimmed } = resumeFrom(await log.boundsOf(homeIds), cursor);
        const stream = createStream(caller, filter, positions, trimmed, releaseSlot);
        return stream;
      } catch (error) {
        releaseSlot();
        throw error;
      }
    },

    /** Ends every open stream (shutdown), resolving once each let go of its connection. */
    async closeAll(): Promise<void> {
      shuttingDown = true;
      for (const stream of open) stream.close();
      await Promise.allSettled([...running]);
    },
  };

  function createStream(
    caller: UserCaller,
    filter: LiveStreamQuery,
    positions: Map<string, string>,
    trimmedAtStart: string[],
    releaseSlot: () => void,
  ): LiveStream {
    const reader = log.openReader();
    const state = { closed: false };
    // Read through a call: closing happens in between awaits, which narrowing cannot see.
    const isClosed = (): boolean => state.closed;
    const endsAt = Date.now() + settings.maxStreamMs;
    const resync = (homeIds: string[]): LiveMessage => ({
      id: encodeLiveCursor(positions),
      type: 'resync',
      data: {
        homeIds,
        code: 'LIVE_HISTORY_TRIMMED',
        message: 'events after the given Last-Event-ID are no longer kept: read these homes again',
      },
    });

    /** Re-reads the caller's homes: false once one the stream reads is no longer theirs. */
    async function checkScope(): Promise<boolean> {
      const current = new Set(await homesInScope(caller, undefined));
      if ([...positions.keys()].some((homeId) => !current.has(homeId))) return false;
      const joined = filter.homeId === undefined ? [...current].filter((id) => !positions.has(id)) : [];
      for (const [homeId, { last }] of await log.boundsOf(joined)) positions.set(homeId, last);
      return true;
    }

    /** After a full read the stream may have fallen behind the window: say which homes lost events. */
    async function findFallenBehind(): Promise<string[]> {
      const bounds = await log.boundsOf([...positions.keys()]);
      const behind = [...bounds].filter(([homeId, { trimmedBefore }]) => {
        const position = positions.get(homeId) ?? trimmedBefore;
        return comparePositions(position, trimmedBefore) < 0;
      });
      for (const [homeId, { last }] of behind) positions.set(homeId, last);
      return behind.map(([homeId]) => homeId);
    }

    async function deliver(sink: LiveSink): Promise<LiveStreamEnd> {
      if (trimmedAtStart.length > 0) await sink.send(resync(trimmedAtStart));
      let nextScopeCheck = Date.now() + settings.scopeCheckMs;
      while (!state.closed) {
        const now = Date.now();
        if (now >= endsAt) return 'expired';
        if (now >= nextScopeCheck) {
          if (!(await checkScope())) return 'scope_changed';
          nextScopeCheck = now + settings.scopeCheckMs;
        }
        const waitMs = Math.max(1, Math.min(nextScopeCheck, endsAt) - now);
        const entries = await reader.read(positions, waitMs, readBatch);
        for (const { homeId, position, event } of entries) {
          if (isClosed() || !positions.has(homeId)) continue;
          positions.set(homeId, position);
          if (filter.deviceId !== undefined && event.data.deviceId !== filter.deviceId) continue;
          await sink.send({ id: encodeLiveCursor(positions), type: event.type, data: event.data });
        }
        if (entries.length >= readBatch) {
          const behind = await findFallenBehind();
          if (behind.length > 0) await sink.send(resync(behind));
        }
      }
      return 'closed';
    }

    const stream: LiveStream = {
      run(sink) {
        const delivering = deliver(sink).finally(() => {
          stream.close();
          sink.end();
          running.delete(delivering);
        });
        running.add(delivering);
        return delivering;
      },
      close() {
        if (state.closed) return;
        state.closed = true;
        reader.close();
        open.delete(stream);
        releaseSlot();
      },
    };
    open.add(stream);
    return stream;
  }
}

/** The live stream use cases. */
export type LiveStreamService = ReturnType<typeof createLiveStreamService>;
