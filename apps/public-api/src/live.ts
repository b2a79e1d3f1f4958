import type { MessageBus } from '@homeport/messaging';
import type { RedisClient } from '@homeport/storage';
import { createBrokerApiDeviceHomes } from './adapters/broker-api-device-homes';
import type { DeviceViewCache } from './adapters/cached-device-views';
import { createMemoryLiveLog } from './adapters/memory-live-log';
import { createRedisLiveLog } from './adapters/redis-live-log';
import type { InternalApiSend } from './adapters/internal-api-transport';
import type { PublicApiSettings } from './config';
import type { HomeRepository } from './domain/homes';
import { createReportWaits } from './domain/assistant-confirmation';
import { createLiveRecorder } from './domain/live-events';
import { createLiveStreamService } from './domain/live-stream-service';
import { consumeLiveEvents } from './entry-points/live-events.consumer';
import type { LiveHttpSettings } from './entry-points/http/live.routes';

/**
 * The live streams on their log: Redis Streams when the replicas share a Redis, in process otherwise (the
 * embedded mode), with the consumer that fills it from homeport.events and tells every replica's device
 * caches of each stored report and presence change.
 */
export function createLive(
  config: PublicApiSettings,
  deps: {
    homes: HomeRepository;
    redis: RedisClient | undefined;
    brokerApi: InternalApiSend;
    devices: DeviceViewCache;
  },
) {
  const maxEventsPerHome = config.LIVE_EVENTS_KEPT_PER_HOME;
  const log =
    deps.redis === undefined
      ? createMemoryLiveLog({ maxEventsPerHome })
      : createRedisLiveLog({ redis: deps.redis, maxEventsPerHome });
  const heartbeatMs = config.LIVE_HEARTBEAT_SECONDS * 1000;
  const deviceHomes = createBrokerApiDeviceHomes(deps.brokerApi, deps.devices);
  const recorder = createLiveRecorder({ deviceHomes, log });
  return {
    /** The homes' logs: what the streams read, and where a change's confirmation is awaited. */
    log,
    /** The replica's waits for devices' confirmations, on one reader of the logs (closed after the routes). */
    confirmations: createReportWaits(log),
    /** The devices' homes, cached: the webhook matching shares them (usable until the broker-api transport closes). */
    deviceHomes,
    streams: createLiveStreamService({
      homes: deps.homes,
      log,
      settings: {
        maxStreamsPerUser: config.LIVE_MAX_STREAMS_PER_USER,
        scopeCheckMs: heartbeatMs,
        maxStreamMs: config.LIVE_MAX_STREAM_SECONDS * 1000,
      },
    }),
    httpSettings: { heartbeatMs, slowClientTimeoutMs: 2 * heartbeatMs } satisfies LiveHttpSettings,
    /** Starts appending homeport.events to the logs (before the broker-api connections close). */
    consume: (bus: MessageBus): Promise<{ close(): Promise<void> }> =>
      consumeLiveEvents(bus, recorder, deps.devices),
  };
}

/** The live part of public-api. */
export type Live = ReturnType<typeof createLive>;
