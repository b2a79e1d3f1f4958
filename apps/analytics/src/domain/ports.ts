import type { FeatureUse, FleetMetricName, FunnelFigures } from '@homeport/contracts';

/** A message a device sent that the platform stored, counted once by its id. */
export interface MessageFact {
  /** Unique per message: the publisher's stable id, prefixed by its kind. */
  readonly messageId: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly kind: 'state' | 'telemetry' | 'event';
  readonly eventName?: string;
  readonly severity?: string;
  readonly at: Date;
}

/** What a device said of itself in a message, by the conventions of apps/analytics README. */
export interface DeviceReadings {
  readonly firmware?: string;
  /** Percent, 0-100. */
  readonly battery?: number;
}

/** An alert that fired, once per alert. */
export interface AlertFact {
  readonly alertId: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly firedAt: Date;
}

/** A use of a feature (a desired property, a command name) by who asked, counted once by its id. */
export interface FeatureUseFact {
  /** Unique per use: the change's message id and the property, or the command id. */
  readonly useId: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly kind: FeatureUse['kind'];
  readonly name: string;
  readonly source: FeatureUse['source'];
  readonly at: Date;
}

/**
 * Port: where facts are kept (PostgreSQL, schema analytics). Every write is idempotent, whatever the order:
 * writing a fact again changes nothing.
 */
export interface FactStore {
  recordRegistration(fact: {
    vendorId: string;
    deviceId: string;
    productId: string;
    at: Date;
  }): Promise<void>;
  recordDeletion(fact: { vendorId: string; deviceId: string; at: Date }): Promise<void>;
  recordCredential(fact: { deviceId: string; credentialId: string; at: Date }): Promise<void>;
  /** `ownerId` null: released. */
  recordOwner(fact: { deviceId: string; ownerId: string | null; at: Date }): Promise<void>;
  recordPresence(fact: { vendorId: string; deviceId: string; online: boolean; at: Date }): Promise<void>;
  recordMessage(message: MessageFact, readings: DeviceReadings): Promise<void>;
  recordAlert(fact: AlertFact): Promise<void>;
  recordFeatureUses(uses: readonly FeatureUseFact[]): Promise<void>;
}

/** What one step of rolling up a vendor's facts did. */
export type RollupStep = 'rolled-up' | 'rolled-up-elsewhere' | 'none-due';

/** The facts kept raw for a retention, then as a daily rollup. */
export type RolledUpFacts = 'messages' | 'presence';

/**
 * Port: the daily rollup of the message and presence facts and the pruning of the raw rows it replaces
 * (migrations 004 and 005). Each vendor's one horizon moves one UTC day at a time, with that day's rollup of
 * both: a day is rolled up once.
 */
export interface FactRollups {
  /** The vendors that have raw message or presence facts. */
  vendorsWithRawFacts(): Promise<string[]>;
  /**
   * Rolls up the vendor's earliest day of raw messages or presence from its horizon on when that day ends by
   * `before`, and moves the horizon past it; `rolled-up-elsewhere` when another job moved the horizon meanwhile.
   */
  rollUpNextDay(vendorId: string, before: Date): Promise<RollupStep>;
  /** Deletes at most `limit` of the vendor's raw `facts` before its horizon; resolves with how many. */
  deleteRolledUp(vendorId: string, facts: RolledUpFacts, limit: number): Promise<number>;
}

/** One row of a metric over a window: per product, a key (total, version, band, ...) and its value. */
export interface MetricRow {
  readonly metric: FleetMetricName;
  readonly productId: string;
  readonly key: string;
  /** A name for the key (an alert rule's name), when it has one. */
  readonly label: string | null;
  readonly value: number;
}

/** A metric's rows in one bucket of a series. */
export interface BucketRows {
  readonly from: Date;
  readonly to: Date;
  readonly rows: readonly MetricRow[];
}

/** Port: the metrics of one vendor computed from the facts (SQL functions of migration 002). */
export interface MetricQueries {
  /** Every metric over [from, to). */
  window(vendorId: string, from: Date, to: Date): Promise<MetricRow[]>;
  /** One metric in each of the buckets [from, to), of one product or all. */
  series(query: {
    vendorId: string;
    metric: FleetMetricName;
    buckets: readonly { readonly from: Date; readonly to: Date }[];
    productId?: string;
  }): Promise<BucketRows[]>;
  /** The activation funnel of the devices registered within [from, to): per product (sorted) and the fleet. */
  funnel(query: {
    vendorId: string;
    from: Date;
    to: Date;
    productId?: string;
  }): Promise<{ fleet: FunnelFigures; products: FunnelFigures[] }>;
  /** Vendors with a device registered before `before` and no `kind` report of `period`, at most `limit`. */
  vendorsWithoutReport(kind: ReportKind, period: string, before: Date, limit: number): Promise<string[]>;
}

/** Reports by period: a UTC day (`YYYY-MM-DD`) or an ISO week (`YYYY-Www`). */
export type ReportKind = 'daily' | 'weekly';

/** Port: the reports of one kind generated, by vendor and period (the body is the API's JSON). */
export interface ReportStore {
  find(vendorId: string, period: string): Promise<unknown>;
  save(vendorId: string, period: string, body: unknown, generatedAt: Date): Promise<void>;
}
