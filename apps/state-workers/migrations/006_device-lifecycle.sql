-- Up Migration

-- Device deletion and order epochs (device.deleted.v1, device.credential-issued.v1). An order key becomes
-- [epoch, seq, ts, receivedAt]: `epoch` is the start (broker-api ms) of the device's newest epoch begun at or
-- before the report's receivedAt, 0 before the first. A new credential or a deletion starts an epoch, so a
-- `seq` pushed to its maximum under an old credential stops outranking the device's later reports. A
-- deletion also forgets the state: what was received before it is dropped when it arrives late.
CREATE TABLE device_epochs (
  vendor_id text NOT NULL,
  device_id text NOT NULL,
  -- Starts of the device's epochs, epoch ms, ascending (events may arrive in any order).
  epoch_starts bigint[] NOT NULL,
  -- The latest deletion, and the revision its empty state got (the revision of the cache's tombstone).
  deleted_at bigint,
  deleted_revision bigint,
  PRIMARY KEY (vendor_id, device_id)
);

-- The keys stored so far were made before any epoch.
UPDATE device_state SET versions = (
  SELECT coalesce(jsonb_object_agg(v.key, '[0]'::jsonb || v.value), '{}') FROM jsonb_each(versions) v);

-- One lock per device: merges take it shared, a deletion or a new epoch exclusive, so a merge either
-- finishes before the change or reads it (the statement after the lock has a new snapshot).
CREATE FUNCTION device_lock_key(vendor text, device text) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT hashtextextended(vendor || '/' || device, 13) $$;

-- Puts the epoch in front of a stored key whose report was received at or after `started_ms` (a report
-- merged before the event that began the epoch was handled).
CREATE FUNCTION move_into_epoch(versions jsonb, started_ms bigint) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(v.key, CASE
      WHEN (v.value ->> 3)::bigint >= started_ms AND (v.value ->> 0)::bigint < started_ms
        THEN jsonb_set(v.value, '{0}', to_jsonb(started_ms))
      ELSE v.value END), '{}')
  FROM jsonb_each(versions) v
$$;

-- The reports of a batch (merge_reported_batch's input, `order` = [seq, ts, receivedAt]) with their epoch
-- in front of their order key, without those received before their device's deletion.
CREATE FUNCTION apply_device_epochs(updates jsonb) RETURNS jsonb
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

-- Records an epoch start (idempotent) and moves the stored keys of reports received since into it.
CREATE FUNCTION start_device_epoch(vendor text, device text, started_ms bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(state_workers.device_lock_key(vendor, device));
  INSERT INTO state_workers.device_epochs AS e (vendor_id, device_id, epoch_starts)
  VALUES (vendor, device, ARRAY[started_ms])
  ON CONFLICT (vendor_id, device_id) DO UPDATE SET epoch_starts = ARRAY(
    SELECT DISTINCT s FROM unnest(e.epoch_starts || started_ms) s ORDER BY s);
  UPDATE state_workers.device_state SET versions = state_workers.move_into_epoch(versions, started_ms)
  WHERE vendor_id = vendor AND device_id = device;
END;
$$;

-- Forgets a deleted device: its state keeps only what was received after the deletion (reports of a
-- re-created device merged before this event was handled), under a new revision, which it returns; its
-- change records go. A redelivered (or older) deletion changes nothing and returns the same revision.
-- The row stays, so the revisions of a re-created device continue above the cache's tombstone.
CREATE FUNCTION forget_device(vendor text, device text, deleted_ms bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  previous state_workers.device_epochs;
  tombstone bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(state_workers.device_lock_key(vendor, device));
  SELECT * INTO previous FROM state_workers.device_epochs WHERE vendor_id = vendor AND device_id = device;
  IF previous.deleted_at >= deleted_ms THEN
    RETURN previous.deleted_revision;
  END IF;
  PERFORM state_workers.start_device_epoch(vendor, device, deleted_ms);
  INSERT INTO state_workers.device_state AS cur
    (vendor_id, device_id, state, versions, revision, last_changed, reported_at)
  VALUES (vendor, device, '{}', '{}', 1, '{}', 0)
  ON CONFLICT (vendor_id, device_id) DO UPDATE SET
    (state, versions) = (
      SELECT coalesce(jsonb_object_agg(v.key, cur.state -> v.key), '{}'),
        coalesce(jsonb_object_agg(v.key, v.value), '{}')
      FROM jsonb_each(cur.versions) v WHERE (v.value ->> 3)::bigint >= deleted_ms),
    revision = cur.revision + 1, last_changed = '{}', reported_at = 0, updated_at = now()
  RETURNING cur.revision INTO tombstone;
  DELETE FROM state_workers.state_changes WHERE vendor_id = vendor AND device_id = device;
  UPDATE state_workers.device_epochs SET deleted_at = deleted_ms, deleted_revision = tombstone
  WHERE vendor_id = vendor AND device_id = device;
  RETURN tombstone;
END;
$$;

-- Down Migration
DROP FUNCTION forget_device(text, text, bigint);
DROP FUNCTION start_device_epoch(text, text, bigint);
DROP FUNCTION apply_device_epochs(jsonb);
DROP FUNCTION move_into_epoch(jsonb, bigint);
DROP FUNCTION device_lock_key(text, text);
UPDATE device_state SET versions = (
  SELECT coalesce(jsonb_object_agg(v.key, v.value - 0), '{}') FROM jsonb_each(versions) v);
DROP TABLE device_epochs;
