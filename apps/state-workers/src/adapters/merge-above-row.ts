import type { ReportedStateUpdate } from '../domain/ports';
import type { MergedRow, StoredOrderKey } from './merged-rows';

/** A report merged above its device's row: the row it makes, and what it changed. */
export interface MergedAboveRow {
  readonly row: MergedRow;
  readonly changed: Readonly<Record<string, unknown>>;
}

/**
 * Merges a report into its device's row as merge_reported_batch does for a report above the row's
 * `newest_key` (migrations/009), or resolves undefined where only the SQL merge can decide: a report
 * received before the row's epoch began (its own epoch is older), one not above `newest_key` (late or
 * redelivered: property by property, or a replay), one without properties, or one that would take the
 * state beyond its property limit (refused there). The report is assumed to be in the row's epoch: the
 * statement that writes the row checks that no epoch began since (pg-merge-above-rows.ts).
 */
export function mergeAboveRow(row: MergedRow, update: ReportedStateUpdate): MergedAboveRow | undefined {
  const [epoch = 0] = row.newestKey;
  const receivedAt = update.order[2];
  const key = [epoch, ...update.order];
  const properties = Object.entries(update.properties);
  if (receivedAt < epoch || properties.length === 0 || compareOrderKeys(row.newestKey, key) >= 0) {
    return undefined;
  }
  const state = { ...row.state, ...update.properties };
  if (Object.keys(state).length > update.maxProperties) return undefined;
  return {
    row: {
      revision: row.revision + 1,
      state,
      versions: readVersionsAbove(row, update.properties),
      newestKey: key,
      reportedAt: Math.max(row.reportedAt, update.reportedAt),
    },
    // Object.fromEntries defines its keys, so a property named __proto__ stays a property.
    changed: Object.fromEntries(
      properties.filter(
        ([name, value]) => !Object.hasOwn(row.state, name) || !isSameJson(row.state[name], value),
      ),
    ),
  };
}

/**
 * The row's explicit keys once a report above it merged: the report's properties take the new
 * `newest_key` (no entry); a property it leaves out keeps its key, made explicit if it was `newest_key`.
 */
function readVersionsAbove(
  row: MergedRow,
  properties: Readonly<Record<string, unknown>>,
): Record<string, StoredOrderKey> {
  const kept = Object.entries(row.versions).filter(([name]) => !Object.hasOwn(properties, name));
  const madeExplicit = Object.keys(row.state)
    .filter((name) => !Object.hasOwn(properties, name) && !Object.hasOwn(row.versions, name))
    .map((name) => [name, row.newestKey] as const);
  return Object.fromEntries([...kept, ...madeExplicit]);
}

/** Compares two order keys left to right, as jsonb compares arrays of numbers of one length. */
export function compareOrderKeys(left: StoredOrderKey, right: StoredOrderKey): number {
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/**
 * Whether two JSON values are equal as jsonb values are: objects whatever the order of their keys,
 * arrays element by element, numbers by value (0 and -0 alike).
 */
export function isSameJson(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => isSameJson(item, right[index]))
    );
  }
  const leftEntries = Object.entries(left);
  return (
    leftEntries.length === Object.keys(right).length &&
    leftEntries.every(
      ([name, value]) =>
        Object.hasOwn(right, name) && isSameJson(value, (right as Record<string, unknown>)[name]),
    )
  );
}
