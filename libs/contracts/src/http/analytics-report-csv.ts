import type { FleetFigures, FleetWindow } from './analytics-api';

// The report's CSV layout is part of the wire: analytics serves it and public-api serves it to vendors.

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180 §2). */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One product's figures as `product,metric,key,value` rows. */
function figureRows(figures: FleetFigures): (string | number)[][] {
  const { productId: product } = figures;
  const scalars = [
    'provisioned',
    'credentialed',
    'claimed',
    'online',
    'uptimePercent',
    'messages',
    'messagesPerMinute',
    'reconnects',
    'reconnectsPerDevicePerDay',
  ] as const;
  return [
    ...scalars.map((metric) => [product, metric, '', figures[metric]]),
    ...(figures.active === undefined ? [] : [[product, 'active', '', figures.active]]),
    ...Object.entries(figures.firmware).map(([version, count]) => [product, 'firmware', version, count]),
    ...Object.entries(figures.battery).map(([band, count]) => [product, 'battery', band, count]),
    ...figures.events.map((event) => [product, 'events', `${event.name}:${event.severity}`, event.count]),
    ...figures.alerts.map((alert) => [product, 'alerts', `${alert.ruleId} ${alert.ruleName}`, alert.count]),
    ...(figures.featureUsage ?? []).map((use) => [
      product,
      'featureUsage',
      `${use.kind}:${use.name}:${use.source}`,
      use.count,
    ]),
  ];
}

/** A report (daily or weekly) as CSV: a header, then the fleet's rows (`*`) and each product's. */
export function formatReportCsv(report: FleetWindow): string {
  const rows = [
    ['product', 'metric', 'key', 'value'],
    ...[report.fleet, ...report.products].flatMap(figureRows),
  ];
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
