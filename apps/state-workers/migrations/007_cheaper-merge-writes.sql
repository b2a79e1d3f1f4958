-- Up Migration

-- Cheaper writes of merge_reported_batch, the statement that costs PostgreSQL the most per reported message
-- (tools/bench/README.md, "PostgreSQL's cost per message"). Measured on the merge alone (1,000 devices of 9
-- properties, reports in batches of about 20, backend CPU on the loaded 2-core VM): about 75-87 µs a report
-- before, 49-60 with both changes, each alone about a third of the gain.
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

-- Down Migration
DROP INDEX state_changes_recorded_at;
CREATE INDEX state_changes_recorded_at ON state_changes (recorded_at);
ALTER TABLE device_state RESET (fillfactor);
