import { Type, type Static, type TSchema } from 'typebox';
import { Id } from '../ids';
import { RequestSource } from '../request-source';

/**
 * The analytics service's internal HTTP API: a vendor's fleet metrics (current values and time series) and
 * daily reports, called with `Authorization: Bearer <ANALYTICS_API_TOKEN>`; every path names the vendor, and
 * nothing of another vendor is ever read. Times are ISO 8601 strings.
 */
const Timestamp = Type.String({ format: 'date-time' });
const Count = Type.Integer({ minimum: 0 });

/** Who asked for a desired change or a command; `unknown` when the caller did not say. */
export const FeatureUseSource = Type.Union([...RequestSource.anyOf, Type.Literal('unknown')]);
export type FeatureUseSource = Static<typeof FeatureUseSource>;

/** Uses of one feature within a window: desired changes of a property, or commands of a name. */
export const FeatureUse = Type.Object({
  kind: Type.Union([Type.Literal('desired'), Type.Literal('command')]),
  name: Type.String({ description: 'The property (desired) or the command name.' }),
  source: FeatureUseSource,
  count: Count,
});
export type FeatureUse = Static<typeof FeatureUse>;

/** The metrics a time series can be asked for. */
export const FleetMetricName = Type.Union([
  Type.Literal('provisioned'),
  Type.Literal('credentialed'),
  Type.Literal('claimed'),
  Type.Literal('online'),
  Type.Literal('uptime'),
  Type.Literal('messages'),
  Type.Literal('reconnects'),
  Type.Literal('firmware'),
  Type.Literal('battery'),
  Type.Literal('events'),
  Type.Literal('alerts'),
  Type.Literal('active'),
  Type.Literal('features'),
]);
export type FleetMetricName = Static<typeof FleetMetricName>;

/** The figures of a product (or of the whole fleet, productId `*`) over a window. */
export const FleetFigures = Type.Object({
  productId: Type.String({
    description:
      "The product; `*` for the vendor's whole fleet, `unknown` for devices heard of before their registration.",
  }),
  provisioned: Type.Integer({ minimum: 0, description: 'Devices existing at the end of the window.' }),
  credentialed: Type.Integer({ minimum: 0, description: 'Of those, devices issued a credential.' }),
  claimed: Type.Integer({ minimum: 0, description: 'Of those, devices owned by a home.' }),
  online: Type.Integer({ minimum: 0, description: 'Of those, devices connected at the end of the window.' }),
  uptimePercent: Type.Number({
    minimum: 0,
    maximum: 100,
    description: 'Time connected over time existing within the window, 2 decimals.',
  }),
  messages: Type.Integer({
    minimum: 0,
    description: 'State changes, telemetry and device events stored within the window.',
  }),
  messagesPerMinute: Type.Number({
    minimum: 0,
    description: "messages over the window's minutes, 3 decimals.",
  }),
  reconnects: Type.Integer({
    minimum: 0,
    description: 'Connections within the window of devices heard of before.',
  }),
  reconnectsPerDevicePerDay: Type.Number({
    minimum: 0,
    description: 'reconnects per provisioned device per 24 h, 3 decimals.',
  }),
  firmware: Type.Record(Type.String(), Count, {
    description: 'Devices by reported firmware version (property `firmware`).',
  }),
  battery: Type.Record(Type.String(), Count, {
    description: "Devices by battery band ('0-19' ... '80-100', property `battery`).",
  }),
  events: Type.Array(Type.Object({ name: Type.String(), severity: Type.String(), count: Count })),
  alerts: Type.Array(Type.Object({ ruleId: Type.String(), ruleName: Type.String(), count: Count })),
  active: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        'Devices that sent at least one message (state, telemetry, event) within the window. Absent in ' +
        'reports stored before it existed.',
    }),
  ),
  featureUsage: Type.Optional(
    Type.Array(FeatureUse, {
      description:
        'Desired changes per property and finished commands per name within the window, by who asked. ' +
        'Absent in reports stored before it existed.',
    }),
  ),
});
export type FleetFigures = Static<typeof FleetFigures>;

/** A vendor's figures of one kind over [from, to): for the whole fleet and per product. */
const fleetAndProducts = <T extends TSchema>(figures: T) =>
  Type.Object({
    vendorId: Id,
    from: Timestamp,
    to: Timestamp,
    fleet: figures,
    products: Type.Array(figures),
  });

/** A vendor's figures over [from, to): per product, and the whole fleet. */
export const FleetWindow = fleetAndProducts(FleetFigures);
export type FleetWindow = Static<typeof FleetWindow>;

/** A vendor's daily report: its figures over one UTC day. */
export const DailyReport = Type.Object({
  ...FleetWindow.properties,
  day: Type.String({ format: 'date', description: 'The UTC day, YYYY-MM-DD.' }),
});
export type DailyReport = Static<typeof DailyReport>;

/** An ISO 8601 week, `YYYY-Www` (Monday 00:00 UTC to the next Monday). */
export const IsoWeek = Type.String({
  pattern: '^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$',
  description: 'An ISO week, YYYY-Www (e.g. 2026-W48): Monday 00:00 UTC to the next Monday.',
});

/** A vendor's weekly report: its figures over one ISO week. */
export const WeeklyReport = Type.Object({ ...FleetWindow.properties, week: IsoWeek });
export type WeeklyReport = Static<typeof WeeklyReport>;

/** Path of a weekly report. */
export const WeeklyReportParams = Type.Object({ vendorId: Id, week: IsoWeek });
export type WeeklyReportParams = Static<typeof WeeklyReportParams>;

/** Seconds from a device's claim to its first report after it, over a cohort's claimed devices. */
export const ClaimToFirstReport = Type.Object({
  devices: Type.Integer({ minimum: 0, description: 'Claimed devices that reported since their claim.' }),
  medianSeconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: 'The median (an observed value: the lower middle one); null without devices.',
  }),
  p90Seconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: 'The 90th percentile (an observed value); null without devices.',
  }),
});
export type ClaimToFirstReport = Static<typeof ClaimToFirstReport>;

/** The activation funnel of one product (or of the fleet, `*`): each stage a subset of the one before. */
export const FunnelFigures = Type.Object({
  productId: Type.String(),
  provisioned: Type.Integer({ minimum: 0, description: 'Devices registered within the cohort window.' }),
  claimed: Type.Integer({ minimum: 0, description: 'Of those, devices claimed by a home since.' }),
  firstOnline: Type.Integer({
    minimum: 0,
    description: 'Of those, devices connected since their first claim.',
  }),
  activeAfter7Days: Type.Integer({
    minimum: 0,
    description:
      'Of those, devices that sent a message 7 to 14 days (168 h to 336 h) after their first claim.',
  }),
  claimToFirstReport: ClaimToFirstReport,
});
export type FunnelFigures = Static<typeof FunnelFigures>;

/** The cohort of a funnel: devices registered within [from, to). */
export const ActivationFunnelQuery = Type.Object(
  { from: Timestamp, to: Timestamp, productId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type ActivationFunnelQuery = Static<typeof ActivationFunnelQuery>;

/** A cohort's activation funnel, per product and for the fleet, from the facts known now. */
export const ActivationFunnel = fleetAndProducts(FunnelFigures);
export type ActivationFunnel = Static<typeof ActivationFunnel>;

/** Path of the vendor's routes. */
export const AnalyticsVendorParams = Type.Object({ vendorId: Id });
export type AnalyticsVendorParams = Static<typeof AnalyticsVendorParams>;

/** The current values: states now, activity over the last `windowMinutes`. */
export const CurrentMetricsQuery = Type.Object(
  { windowMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_080, default: 60 })) },
  { additionalProperties: false },
);
export type CurrentMetricsQuery = Static<typeof CurrentMetricsQuery>;

/** Path of one metric's time series. */
export const MetricSeriesParams = Type.Object({ vendorId: Id, metric: FleetMetricName });
export type MetricSeriesParams = Static<typeof MetricSeriesParams>;

/**
 * A time series: buckets of `interval` seconds from `from`, or calendar buckets (`period`: UTC days, ISO weeks
 * from Monday, months) from the one holding `from`; up to `to`, at most 1,000 buckets. One of the two.
 */
export const MetricSeriesQuery = Type.Object(
  {
    from: Timestamp,
    to: Timestamp,
    interval: Type.Optional(
      Type.Integer({ minimum: 60, maximum: 31_536_000, description: 'Bucket length, seconds.' }),
    ),
    period: Type.Optional(
      Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], {
        description:
          'Calendar buckets (UTC): days, ISO weeks (Monday to Monday) or months; instead of interval.',
      }),
    ),
    productId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type MetricSeriesQuery = Static<typeof MetricSeriesQuery>;

/** One bucket of a series: states at its end, activity within it; keys as in FleetFigures. */
export const MetricPoint = Type.Object({
  from: Timestamp,
  to: Timestamp,
  values: Type.Record(Type.String(), Type.Number(), {
    description:
      '`total` for counts, `percent` for uptime, the version or band for firmware and battery, ' +
      '`name:severity` for events, the rule id for alerts.',
  }),
});
export type MetricPoint = Static<typeof MetricPoint>;

/** A metric's time series. */
export const MetricSeries = Type.Object({
  vendorId: Id,
  metric: FleetMetricName,
  productId: Type.Union([Id, Type.Null()]),
  points: Type.Array(MetricPoint),
});
export type MetricSeries = Static<typeof MetricSeries>;

/** Path of a daily report. */
export const DailyReportParams = Type.Object({
  vendorId: Id,
  day: Type.String({ format: 'date', description: 'The UTC day, YYYY-MM-DD.' }),
});
export type DailyReportParams = Static<typeof DailyReportParams>;

const exampleFigures: FleetFigures = {
  productId: 'thermostat',
  provisioned: 300,
  credentialed: 298,
  claimed: 50,
  online: 280,
  uptimePercent: 96.6,
  messages: 936,
  messagesPerMinute: 0.65,
  reconnects: 10,
  reconnectsPerDevicePerDay: 0.033,
  firmware: { '2.4.1': 180, '2.5.0': 120 },
  battery: { '0-19': 100, '80-100': 200 },
  events: [{ name: 'filter-dirty', severity: 'warning', count: 30 }],
  alerts: [{ ruleId: 'a4e7c1d2-5b3f-4a9e-8c6d-0f1b2e3d4c5a', ruleName: 'Frost', count: 7 }],
  active: 296,
  featureUsage: [
    { kind: 'command', name: 'reboot', source: 'vendor', count: 4 },
    { kind: 'desired', name: 'setpoint', source: 'automation', count: 41 },
    { kind: 'desired', name: 'setpoint', source: 'owner', count: 120 },
  ],
};

/** A realistic daily report of a vendor with one product (docs, tests). */
export const dailyReportExample: DailyReport = {
  vendorId: 'acme',
  day: '2026-11-20',
  from: '2026-11-20T00:00:00.000Z',
  to: '2026-11-21T00:00:00.000Z',
  fleet: { ...exampleFigures, productId: '*' },
  products: [exampleFigures],
};

/** A realistic weekly report of a vendor with one product (docs, tests). */
export const weeklyReportExample: WeeklyReport = {
  vendorId: 'acme',
  week: '2026-W48',
  from: '2026-11-23T00:00:00.000Z',
  to: '2026-11-30T00:00:00.000Z',
  fleet: { ...exampleFigures, productId: '*' },
  products: [exampleFigures],
};
