import { Type, type Static } from 'typebox';
import { keyPattern } from '../mqtt/payloads';

/**
 * public-api's device history: a device's telemetry or reported state over a time range, aggregated per
 * metric (or property) in time buckets on the server, so that a year of one-minute data comes back as a
 * chart's worth of points.
 */

/** The most points one history answer holds per metric, and the default. */
export const maxHistoryPoints = 1000;

/** The longest time range one history request may span. */
export const maxHistoryRangeMs = 366 * 86_400_000;

/** How the points of a bucket become one value. */
export const HistoryAggregate = Type.Union(
  [
    Type.Literal('mean'),
    Type.Literal('min'),
    Type.Literal('max'),
    Type.Literal('last'),
    Type.Literal('count'),
  ],
  { description: 'How the points of a bucket become one value.' },
);
export type HistoryAggregate = Static<typeof HistoryAggregate>;

/**
 * Which time series: the device's telemetry, or its reported state (the properties it reported as numbers
 * or booleans, booleans as 1 and 0; contracts' `toStateFields`).
 */
export const HistorySource = Type.Union([Type.Literal('telemetry'), Type.Literal('state')], {
  description:
    'The time series read: `telemetry` (numeric metrics) or `state` (reported properties that are numbers ' +
    'or booleans, a boolean as 1 or 0, so `mean` is the share of time it was true).',
});
export type HistorySource = Static<typeof HistorySource>;

/** A bucket width: a whole number of ms, s, m, h or d (`90s`, `15m`, `1d`). */
export const historyIntervalPattern = '^[1-9][0-9]{0,9}(ms|s|m|h|d)$';

const metricList = `${keyPattern.slice(0, -1)}(,${keyPattern.slice(1, -1)}){0,19}$`;

/** Query of GET /v1/homes/{homeId}/devices/{deviceId}/history. */
export const DeviceHistoryQuery = Type.Object(
  {
    source: Type.Optional(HistorySource),
    from: Type.Optional(
      Type.String({ format: 'date-time', description: 'Start, included (default: 24 hours before `to`).' }),
    ),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'End, excluded (default: now).' })),
    interval: Type.Optional(
      Type.String({
        pattern: historyIntervalPattern,
        description:
          'Bucket width (`5m`, `1h`, ...). Default: the smallest usual width giving at most `maxPoints` ' +
          'buckets; one giving more is refused (400 HISTORY_TOO_MANY_POINTS).',
      }),
    ),
    aggregate: Type.Optional(HistoryAggregate),
    metrics: Type.Optional(
      Type.String({
        pattern: metricList,
        description:
          'Comma-separated numeric metrics, or properties with `source=state` (at most 20); default: every ' +
          'one the device has.',
      }),
    ),
    maxPoints: Type.Optional(
      Type.Integer({ minimum: 1, maximum: maxHistoryPoints, default: maxHistoryPoints }),
    ),
  },
  {
    additionalProperties: false,
    examples: [
      {
        from: '2026-12-02T00:00:00.000Z',
        to: '2026-12-03T00:00:00.000Z',
        interval: '1h',
        aggregate: 'max',
        metrics: 'temperature,humidity',
        maxPoints: 24,
      },
      { source: 'state', from: '2026-12-02T00:00:00.000Z', interval: '1h', metrics: 'setpoint,heating' },
    ],
  },
);
export type DeviceHistoryQuery = Static<typeof DeviceHistoryQuery>;

/** A device's history: one series per metric that has points in the range, buckets without points left out. */
export const DeviceHistoryResponse = Type.Object(
  {
    deviceId: Type.String(),
    source: HistorySource,
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    aggregate: HistoryAggregate,
    intervalMs: Type.Integer({ minimum: 1, description: 'The bucket width; buckets start at `from`.' }),
    series: Type.Array(
      Type.Object({
        metric: Type.String({ description: 'The metric, or the property with `source=state`.' }),
        points: Type.Array(
          Type.Object({
            time: Type.String({ format: 'date-time', description: "The bucket's start." }),
            value: Type.Number(),
          }),
        ),
      }),
    ),
  },
  {
    examples: [
      {
        deviceId: 'sim-4k2q9x-0001',
        source: 'telemetry',
        from: '2026-12-02T00:00:00.000Z',
        to: '2026-12-02T02:00:00.000Z',
        aggregate: 'mean',
        intervalMs: 3_600_000,
        series: [
          {
            metric: 'temperature',
            points: [
              { time: '2026-12-02T00:00:00.000Z', value: 20.4 },
              { time: '2026-12-02T01:00:00.000Z', value: 20.1 },
            ],
          },
        ],
      },
    ],
  },
);
export type DeviceHistoryResponse = Static<typeof DeviceHistoryResponse>;
