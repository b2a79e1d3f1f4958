import { LiveStreamQuery } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { ServerResponse } from 'node:http';
import type { LiveSink, LiveStreamService } from '../../domain/live-stream-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';

/** How the live route keeps connections healthy (config.ts). */
export interface LiveHttpSettings {
  /** A comment line this often keeps proxies from closing an idle stream. */
  readonly heartbeatMs: number;
  /** A client that has not taken what was written within this long is dropped, not buffered for. */
  readonly slowClientTimeoutMs: number;
}

const description =
  'Server-Sent Events of the devices of your homes (or of one home, one device): `device.state-changed` ' +
  'and `device.presence`, each with an `id` to resume from. Reconnect with `Last-Event-ID` (EventSource ' +
  'does) to get every event after it, from any replica; a `resync` event names the homes whose events ' +
  'after that id are no longer kept (read them again). A comment line is sent every heartbeat. The ' +
  'stream ends when your homes change or after its maximum duration: reconnect with a current token. ' +
  '400 LIVE_EVENT_ID_INVALID, 404 HOME_NOT_FOUND, 429 LIVE_STREAMS_LIMIT (streams open at once).';

/** GET /v1/live: the caller's live stream (Server-Sent Events). */
export const liveRoutes: HttpRoutes<{ live: LiveStreamService; settings: LiveHttpSettings }> = (
  app,
  { live, settings },
) => {
  app.get(
    '/live',
    {
      ...forUsers('devices:read'),
      schema: {
        tags: ['live'],
        ...authenticated,
        description,
        querystring: LiveStreamQuery,
        response: {
          200: {
            description: 'text/event-stream: events until the stream ends',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...errorResponses(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const lastEventId = request.headers['last-event-id'];
      const stream = await live.open(
        userCallerOf(request),
        request.query,
        typeof lastEventId === 'string' ? lastEventId : undefined,
      );
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // nginx (and the Ingress built on it) would otherwise buffer the stream.
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      response.write(': connected\n\n');
      const heartbeat = setInterval(() => {
        response.write(': heartbeat\n\n');
      }, settings.heartbeatMs);
      response.on('close', () => {
        stream.close();
      });
      stream
        .run(createSseSink(response, settings.slowClientTimeoutMs))
        .then((end) => {
          request.log.debug({ end }, 'live stream ended');
        })
        .catch((error: unknown) => {
          request.log.info({ err: error }, 'live stream dropped');
        })
        .finally(() => {
          clearInterval(heartbeat);
        });
    },
  );
  return Promise.resolve();
};

/** Writes SSE messages; when the socket's buffer is full, waits for it to drain, and drops a client that does not. */
function createSseSink(response: ServerResponse, slowClientTimeoutMs: number): LiveSink {
  return {
    // Closed outright: a client that stopped reading would otherwise hold the socket (and a closing
    // server) until the keep-alive timeout.
    end: () => {
      response.destroy();
    },
    async send({ id, type, data }) {
      if (response.write(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`)) return;
      await new Promise<void>((resolve, reject) => {
        const settle = (error?: Error) => {
          clearTimeout(timer);
          response.off('drain', onDrain);
          response.off('close', onDrain);
          if (error === undefined) resolve();
          else reject(error);
        };
        const onDrain = () => {
          settle();
        };
        const timer = setTimeout(() => {
          response.destroy();
          settle(new Error(`the client took nothing for ${slowClientTimeoutMs} ms: dropped`));
        }, slowClientTimeoutMs);
        response.on('drain', onDrain);
        response.on('close', onDrain);
      });
    },
  };
}
