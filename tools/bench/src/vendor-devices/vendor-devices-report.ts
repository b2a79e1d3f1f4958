import { formatCount, formatMs, formatTable } from '../table';
import type { VendorDevicesFigures } from './vendor-devices-step';

/** The vendor device table step's table as the bench prints it, each query beside the target. */
export function formatVendorDevices(figures: VendorDevicesFigures): string {
  const { targetMs } = figures;
  return [
    `vendor device table: ${formatCount(figures.devices)} devices of one vendor (and ${formatCount(figures.otherDevices)} of another), seeded in ${figures.seedSeconds.toFixed(1)} s; GET /v1/vendors/{vendorId}/devices?limit=50 through public-api with a vendor key, ${formatCount(figures.queries[0]?.latency.count ?? 0)} calls each`,
    formatTable(
      ['query', 'devices on page', 'p50', 'p95', 'max', `under ${targetMs} ms (p95)`],
      figures.queries.map(({ query, items, latency }) => [
        query,
        formatCount(items),
        formatMs(latency.p50Ms),
        formatMs(latency.p95Ms),
        formatMs(latency.maxMs),
        latency.p95Ms !== null && latency.p95Ms < targetMs ? 'yes' : 'no',
      ]),
    ),
  ].join('\n');
}
