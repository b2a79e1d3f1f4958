import type { ApiAnswer } from '../api/console-api';

/** One service's health as GET /v1/operations/health answers it. */
export type ServiceHealth = ApiAnswer<'/v1/operations/health', 'get'>['services'][number];
/** One queue as GET /v1/operations/queues answers it. */
export type QueueHealth = ApiAnswer<'/v1/operations/queues', 'get'>['queues'][number];

/** How often the page asks again: a few seconds, as the brief of the page says. */
export const operationsRefreshMs = 5000;

/** A state in words (never colour alone), with why when it is down. */
export function describeState(item: { readonly status: 'up' | 'down'; readonly reason?: string }): string {
  return item.status === 'up' ? 'up' : `down${item.reason === undefined ? '' : `: ${item.reason}`}`;
}

/** A byte count as people read it (MB with one decimal below 10). */
export function formatMegabytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  const megabytes = bytes / 1_000_000;
  return `${megabytes < 10 ? megabytes.toFixed(1) : Math.round(megabytes).toString()} MB`;
}

/** A count, or a dash when the service does not report it. */
export function formatCount(count: number | undefined): string {
  return count === undefined ? '—' : count.toLocaleString('en');
}

/** The services that are down, for the page's summary line. */
export function summarizeHealth(services: readonly ServiceHealth[]): string {
  const down = services.filter((service) => service.status === 'down').map((service) => service.name);
  if (down.length === 0) return `All ${services.length} services are up.`;
  return `${down.length} of ${services.length} services down: ${down.join(', ')}.`;
}
