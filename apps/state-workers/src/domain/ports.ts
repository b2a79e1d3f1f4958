import type {
  deviceStateChangedV1,
  deviceTelemetryRecordedV1,
  MessagePayload,
  RollupWidthName,
} from '@homeport/contracts';

/**
 * Orders the messages of one device: [seq, ts, receivedAt], each -1 when the device sent none, compared
 * left to right. A device that numbers its messages is ordered by `seq`; one that only stamps them by `ts`;
 * one that does neither by the time fan-out received them. The store puts the device's order epoch in
 * front (`DeviceStateStore.startEpoch`): a message received in a later epoch is newer whatever its `seq`.
 */
export type OrderKey = readonly [seq: number, ts: number, receivedAt: number];

/** A reported (partial) state to merge into a device's current state. */
export interface ReportedStateUpdate {
  readonly vendorId: string;
  readonly deviceId: string;
  /** The device message's id: a message merged before is recognised by it. */
  readonly messageId: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly order: OrderKey;
  readonly seq: number | undefined;
  /** Device time (ts, else received-at), epoch ms. */
  readonly reportedAt: number;
  /** A merge that would leave more properties than this is refused (AppError `invalid`). */
  readonly maxProperties: number;
}

/** One revision of a device's current state, as stored. */
export interface StoredDeviceState {
  readonly vendorId: string;
  readonly deviceId: string;
  /** Grows with every merged message: the cached copy keeps the highest. */
  readonly revision: number;
  readonly state: Readonly<Record<string, unknown>>;
  /** The device's `seq` of the report that made this revision, when it numbered it (and it is known). */
  readonly seq?: number;
  /** Device time of the newest report merged, epoch ms. */
  readonly reportedAt: number;
  /** When this revision was stored, epoch ms. */
  readonly storedAt: number;
  /**
   * The order keys of this revision's row, when the store returned them: with the cached copy, they let any
   * replica merge the device's next report above this revision (adapters/pg-merge-above-rows.ts).
   */
  readonly orderKeys?: StoredOrderKeys;
}

/** A row's order keys as device_state stores them: each [epoch, seq, ts, receivedAt] (migrations/006, 009). */
export interface StoredOrderKeys {
  /** The order keys of the properties whose key is not `newestKey`. */
  readonly versions: Readonly<Record<string, readonly number[]>>;
  /** The greatest order key merged into the row. */
  readonly newestKey: readonly number[];
}

/** The payload of a state-changed event. */
export type DeviceStateChanged = MessagePayload<typeof deviceStateChangedV1>;

/** The payload of a telemetry-recorded event. */
export type DeviceTelemetryRecorded = MessagePayload<typeof deviceTelemetryRecordedV1>;

/** A change a message made, recorded with the state so that its event survives a crash before publishing. */
export interface RecordedStateChange {
  /** The revision the message produced. */
  readonly revision: number;
  readonly event: DeviceStateChanged;
}

/**
 * What merging a message did: `applied` (some property was newer; `change` when a value differs),
 * `replayed` (this message was merged and changed the state before: its recorded change comes back so
 * the event can be published again) or `stale` (every property it carries is already newer).
 */
export type MergeResult =
  | {
      readonly outcome: 'applied';
      readonly current: StoredDeviceState;
      readonly change: RecordedStateChange | undefined;
    }
  | {
      readonly outcome: 'replayed';
      readonly current: StoredDeviceState;
      readonly change: RecordedStateChange;
    }
  | { readonly outcome: 'stale' };

/** The durable current state of devices (PostgreSQL), merged per property by each message's order key. */
export interface DeviceStateStore {
  /**
   * Merges the properties that are newer than the stored ones, atomically, and records the change; safe
   * under concurrent merges of the same device. Throws AppError `invalid` (DEVICE_STATE_TOO_LARGE) when
   * the merged state would exceed `maxProperties`, `unavailable` when the database cannot be reached.
   */
  mergeReported(update: ReportedStateUpdate): Promise<MergeResult>;
  /** Deletes change records older than `before` (they only serve redeliveries); resolves with how many. */
  pruneChanges(before: Date): Promise<number>;
  /**
   * Starts an order epoch at `startedAt` (epoch ms; a new credential): messages received from then on are
   * newer than every earlier one. Idempotent; epochs may be started in any order.
   */
  startEpoch(device: DeviceRef, startedAt: number): Promise<void>;
  /**
   * Forgets a device deleted at `deletedAt` (epoch ms): empties its state (keeping only what was received
   * after the deletion), drops its change records, starts an epoch there, and from then on drops its reports
   * received before `deletedAt`. Resolves with the revision of the emptied state; a redelivered deletion
   * changes nothing and resolves with the same revision.
   */
  forgetDevice(device: DeviceRef, deletedAt: number): Promise<number>;
  /**
   * Reads the current states of at most `limit` devices following `after` in (vendor, device) order (from
   * the first when undefined): the pages of a refill of the cache. Rejects with AppError `unavailable`.
   */
  readCurrentStates(after: DeviceRef | undefined, limit: number): Promise<CurrentDeviceState[]>;
}

/**
 * A device's newest revision as stored: its state (without `seq`, which the store does not keep), or a
 * deleted device's tombstone (the revision its deletion got, as `forgetDevice` resolved it).
 */
export type CurrentDeviceState =
  | { readonly deleted: false; readonly stored: StoredDeviceState }
  | { readonly deleted: true; readonly device: DeviceRef; readonly revision: number };

/** A device of a vendor. */
export interface DeviceRef {
  readonly vendorId: string;
  readonly deviceId: string;
}

/** The hot copy of the current state (Redis) that broker-api's shadows read. */
export interface DeviceStateCache {
  /** Stores the revision unless a higher one is there; resolves true when it was stored. */
  write(state: StoredDeviceState): Promise<boolean>;
  /**
   * Replaces the device's cached state by a tombstone at `revision` (no state) unless a higher revision is
   * there: a late write of an older revision cannot bring a deleted state back. Resolves true when stored.
   */
  forget(device: DeviceRef, revision: number): Promise<boolean>;
  /**
   * Takes the refill of the cache from the store for `leaseMs`, unless the cache is filled (a refill
   * completed since the cache last lost its data) or another holder has it. Resolves whether it took it.
   */
  claimRefill(holderId: string, leaseMs: number): Promise<boolean>;
  /**
   * Extends `holderId`'s refill to `leaseMs` from now; resolves false when it holds it no more (the lease
   * expired, or the cache lost its data meanwhile, the pages written with it).
   */
  renewRefill(holderId: string, leaseMs: number): Promise<boolean>;
  /** Marks the cache filled if `holderId` still holds the refill; resolves whether it did. */
  markFilled(holderId: string): Promise<boolean>;
  /** After a refill that stopped early: lets the next claim go ahead, if `holderId` still holds it. */
  releaseRefill(holderId: string): Promise<void>;
}

/** A time-series point: one measurement of one device at one time. */
export interface TimeSeriesPoint {
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, number | boolean | string>>;
  /** Epoch ms; a point with the same measurement, tags and time replaces the earlier one. */
  readonly timeMs: number;
}

/** Writes time-series points durably (InfluxDB), possibly batched with other callers' points. */
export interface TimeSeriesWriter {
  /** Resolves once the points are stored; rejects with AppError `unavailable` or `invalid`. */
  write(points: readonly TimeSeriesPoint[]): Promise<void>;
}

/** Publishes the platform events state-workers emit; each resolves once the broker confirmed it. */
export interface EventPublisher {
  /** `eventId` is the same for every publication of the same change, so consumers can drop duplicates. */
  publishStateChanged(event: DeviceStateChanged, eventId: string): Promise<void>;
  publishTelemetryRecorded(event: DeviceTelemetryRecorded, eventId: string): Promise<void>;
}

/** Which points one retention step deletes: a measurement's points before a time, of some vendors. */
export interface RetentionCut {
  readonly measurement: string;
  /** Epoch ms; points before it are deleted. */
  readonly beforeMs: number;
  /** The vendors whose points are deleted: these only, or every vendor but these. */
  readonly vendors: { readonly only: readonly string[] } | { readonly except: readonly string[] };
}

/** A time range to roll up: the buckets overlapping [fromMs, toMs) of every width, or of `widths` only. */
export interface RollupRange {
  readonly fromMs: number;
  readonly toMs: number;
  readonly widths?: readonly RollupWidthName[];
}

/**
 * The rollups and the retention of the device time series (InfluxDB, or the SQL store), laid out as
 * contracts' `rollupWidths` say. Both operations are idempotent, so replicas may run them at once.
 */
export interface TimeSeriesRollups {
  /**
   * Computes again every rollup bucket (of every width, or of `widths`) that overlaps [fromMs, toMs),
   * replacing what was stored for it: the narrowest from the raw points, each wider one from the narrower
   * rollup (`listRollupSteps`), so a wider width alone reads the narrower buckets as they are stored.
   * The work is spread over time so that the store's writes go on beside it; once `hurry` is aborted (the
   * process is stopping), it goes on without the pauses. Rejects with AppError `unavailable`.
   */
  rollUp(range: RollupRange, hurry?: AbortSignal): Promise<void>;
  /** Deletes the points the cut names. Rejects with AppError `unavailable`. */
  deleteBefore(cut: RetentionCut): Promise<void>;
}
