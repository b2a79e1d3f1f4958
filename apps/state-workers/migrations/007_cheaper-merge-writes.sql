-- Up Migration

-- Cheaper writes of merge_reported_batch, the statement that costs PostgreSQL the most per reported message
-- (tools/bench/README.md, "PostgreSQL's cost per message"). Measured on the merge alone (1,000 devices of 9
-- properties, reports in batches of about 20, backend CPU on the loaded 2-core VM): about 75-87 µs a report
-- before, 55-58 with both changes as set here (49-60 with fillfactor 50), each alone about a third of the gain.
--
-- device_state: every applied report updates its device's row, and no indexed column changes, so the update
-- can be HOT (heap-only: no new index entry, no new page) when the row's page has room for the new
-- version. Full pages (fillfactor 100) left about 8% of the updates HOT; 70 leaves room for two to three
-- versions of a row of about 1 KB, and 92-93% were HOT (50: 97-100%, for a table twice the size). Applies
-- to pages written from now on; `VACUUM FULL state_workers.device_state` rewrites the existing ones.
ALTER TABLE device_state SET (fillfactor = 70);

-- state_changes: a row per applied report, read back by key (replays) and deleted by age (the pruner,
-- hourly by default). Rows are appended in recorded_at order, so a BRIN index (a summary per range of
-- pages, updated in place) serves the pruner's range delete without a B-tree entry per insert. When pruned
-- pages are reused, their ranges widen and the delete reads more of the table: at worst a scan of the
-- retention's rows once an interval.
DROP INDEX state_changes_recorded_at;
CREATE INDEX state_changes_recorded_at ON state_changes USING brin (recorded_at);

-- apply_device_epochs (migrations/006) joined the batch to device_epochs, and the planner, expecting 100
-- reports from jsonb_array_elements, hashed the whole table: a scan of every device's epochs per batch
-- (9.5 ms a batch of 20 with 20,000 devices, against 0.5 ms for all the rest of the merge's input). The
-- lateral subquery, kept apart by OFFSET 0, looks each report's device up by key instead.
CREATE OR REPLACE FUNCTION apply_device_epochs(updates jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  result jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(state_workers.device_lock_key(d.vendor, d.device))
  FROM (SELECT DISTINCT x ->> 'vendorId' AS vendor, x ->> 'deviceId' AS device
        FROM jsonb_array_elements(updates) x ORDER BY 1, 2) d;
  SELECT coalesce(jsonb_agg(jsonb_set(x, '{order}', jsonb_build_array(coalesce(
      (SELECT max(s) FROM unnest(e.epoch_starts) s WHERE s <= (x -> 'order' ->> 2)::bigint), 0))
      || (x -> 'order'))), '[]')
  INTO result
  FROM jsonb_array_elements(updates) x
  LEFT JOIN LATERAL (
    SELECT epochs.epoch_starts, epochs.deleted_at FROM state_workers.device_epochs epochs
    WHERE epochs.vendor_id = x ->> 'vendorId' AND epochs.device_id = x ->> 'deviceId' OFFSET 0
  ) e ON true
  WHERE e.deleted_at IS NULL OR (x -> 'order' ->> 2)::bigint >= e.deleted_at;
  RETURN result;
END;
$$;

-- Down Migration
DROP INDEX state_changes_recorded_at;
CREATE INDEX state_changes_recorded_at ON state_changes (recorded_at);
ALTER TABLE device_state RESET (fillfactor);
CREATE OR REPLACE FUNCTION apply_device_epochs(updates jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  result jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(state_workers.device_lock_key(d.vendor, d.device))
  FROM (SELECT DISTINCT x ->> 'vendorId' AS vendor, x ->> 'deviceId' AS device
        FROM jsonb_array_elements(updates) x ORDER BY 1, 2) d;
  SELECT coalesce(jsonb_agg(jsonb_set(x, '{order}', jsonb_build_array(coalesce(
      (SELECT max(s) FROM unnest(e.epoch_starts) s WHERE s <= (x -> 'order' ->> 2)::bigint), 0))
      || (x -> 'order'))), '[]')
  INTO result
  FROM jsonb_array_elements(updates) x
  LEFT JOIN state_workers.device_epochs e ON e.vendor_id = x ->> 'vendorId' AND e.device_id = x ->> 'deviceId'
  WHERE e.deleted_at IS NULL OR (x -> 'order' ->> 2)::bigint >= e.deleted_at;
  RETURN result;
END;
$$;
