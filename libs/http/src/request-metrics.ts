import { createCounter, createHistogram } from '@homeport/observability';
import type { Counter, Registry } from '@homeport/observability';
import type { HttpApp } from './http-app-type';

/** Label used for requests that matched no route, so unknown URLs cannot explode the label set. */
const unmatchedRoute = 'unmatched';

/**
 * Records `http_request_duration_seconds` by route pattern, method and status for every response, and
 * returns the counter of internal errors (bugs) for the error handler to increment.
 */
export function registerRequestMetrics(app: HttpApp, registry: Registry): Counter<'route' | 'method'> {
  const duration = createHistogram(registry, {
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests, from arrival to the response being sent',
    labelNames: ['route', 'method', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  app.addHook('onResponse', (request, reply, done) => {
    duration.observe(
      {
        route: request.routeOptions.url ?? unmatchedRoute,
        method: request.method,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  return createCounter(registry, {
    name: 'http_internal_errors_total',
    help: 'Requests that failed with an internal error (a bug): answered 500 and logged with stack',
    labelNames: ['route', 'method'],
  });
}
