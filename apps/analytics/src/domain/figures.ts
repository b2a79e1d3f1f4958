import type { FeatureUse, FleetFigures, FleetMetricName } from '@homeport/contracts';
import type { MetricRow } from './ports';

const dayMs = 86_400_000;
const round = (value: number, decimals: number) => Number(value.toFixed(decimals));

/** The sum of a metric's rows, by key. */
function byKey(rows: readonly MetricRow[], metric: FleetMetricName): Map<string, number> {
  const sums = new Map<string, number>();
  for (const row of rows) if (row.metric === metric) sums.set(row.key, (sums.get(row.key) ?? 0) + row.value);
  return sums;
}

const sortedRecord = (sums: Map<string, number>) =>
  Object.fromEntries([...sums].sort(([a], [b]) => a.localeCompare(b)));

/** Feature uses from keys `kind:name:source` (kinds and sources hold no colon; a name might). */
function featureUses(sums: Map<string, number>): FeatureUse[] {
  return [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => {
      const first = key.indexOf(':');
      const last = key.lastIndexOf(':');
      return {
        kind: key.slice(0, first) as FeatureUse['kind'],
        name: key.slice(first + 1, last),
        source: key.slice(last + 1) as FeatureUse['source'],
        count,
      };
    });
}

/** Uptime in percent from the summed seconds online and existing; 0 for a fleet that did not exist. */
export function uptimePercent(sums: Map<string, number>): number {
  const exposure = sums.get('exposureSeconds') ?? 0;
  return exposure === 0 ? 0 : round(((sums.get('onlineSeconds') ?? 0) / exposure) * 100, 2);
}

/** The figures of `rows` (one product's, or all of them for the fleet) over a window of `windowMs`. */
export function computeFigures(
  productId: string,
  rows: readonly MetricRow[],
  windowMs: number,
): FleetFigures {
  const total = (metric: FleetMetricName) => byKey(rows, metric).get('total') ?? 0;
  const provisioned = total('provisioned');
  const messages = total('messages');
  const reconnects = total('reconnects');
  const labels = new Map(rows.filter((row) => row.label !== null).map((row) => [row.key, row.label ?? '']));
  return {
    productId,
    provisioned,
    credentialed: total('credentialed'),
    claimed: total('claimed'),
    online: total('online'),
    uptimePercent: uptimePercent(byKey(rows, 'uptime')),
    messages,
    messagesPerMinute: round(messages / (windowMs / 60_000), 3),
    reconnects,
    reconnectsPerDevicePerDay:
      provisioned === 0 ? 0 : round(reconnects / provisioned / (windowMs / dayMs), 3),
    firmware: sortedRecord(byKey(rows, 'firmware')),
    battery: sortedRecord(byKey(rows, 'battery')),
    events: [...byKey(rows, 'events')]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, count]) => {
        const split = key.lastIndexOf(':');
        return { name: key.slice(0, split), severity: key.slice(split + 1), count };
      }),
    alerts: [...byKey(rows, 'alerts')]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ruleId, count]) => ({ ruleId, ruleName: labels.get(ruleId) ?? '', count })),
    active: total('active'),
    featureUsage: featureUses(byKey(rows, 'features')),
  };
}

/** The figures of every product in `rows`, sorted by product id, and of the whole fleet (`*`). */
export function computeFleet(
  rows: readonly MetricRow[],
  windowMs: number,
): { fleet: FleetFigures; products: FleetFigures[] } {
  const productIds = [...new Set(rows.map((row) => row.productId))].sort();
  return {
    fleet: computeFigures('*', rows, windowMs),
    products: productIds.map((productId) =>
      computeFigures(
        productId,
        rows.filter((row) => row.productId === productId),
        windowMs,
      ),
    ),
  };
}

/** A series point's values: `percent` for uptime, the summed keys otherwise. */
export function pointValues(metric: FleetMetricName, rows: readonly MetricRow[]): Record<string, number> {
  const sums = byKey(rows, metric);
  return metric === 'uptime' ? { percent: uptimePercent(sums) } : sortedRecord(sums);
}
