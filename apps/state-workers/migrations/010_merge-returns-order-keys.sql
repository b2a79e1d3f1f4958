-- Up Migration

-- merge_reported_batch also returns each row's order keys (`versions`, `newest_key`), so that state-workers can
-- keep the rows it merged (adapters/merged-rows.ts) and merge the next report of a device above its row
-- itself: one conditional update instead of the per-property merge in SQL. The merge is 009's; only the
-- result has two more columns (a changed result type needs the function dropped, in this transaction).

DROP FUNCTION merge_reported_batch(jsonb);
CREATE FUNCTION merge_reported_batch(updates jsonb)
RETURNS TABLE (
  idx integer, outcome text, revision bigint, state jsonb, reported_at bigint, updated_at timestamptz,
  changed jsonb, event_state jsonb, event_revision bigint, event_seq bigint, event_reported_at bigint,
  versions jsonb, newest_key jsonb
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  reports_per_device bigint[];
  applied integer[];
  merged record;
BEGIN
  SELECT array_agg(n) INTO reports_per_device FROM (
    SELECT count(*) AS n FROM jsonb_array_elements(updates) x GROUP BY x->>'vendorId', x->>'deviceId') per_device;
  FOR current_round IN 1..coalesce((SELECT max(n) FROM unnest(reports_per_device) n), 0) LOOP
    applied := '{}';
    FOR merged IN
      WITH batch AS (SELECT * FROM state_workers.reported_batch_round(updates, current_round)),
      upsert AS (
        INSERT INTO state_workers.device_state AS cur
          (vendor_id, device_id, state, versions, revision, last_changed, reported_at, newest_key)
        SELECT b.vendor, b.device, b.properties, '{}', 1, b.properties, b.reported_ms, b.order_key
        FROM batch b ORDER BY b.vendor, b.device
        ON CONFLICT (vendor_id, device_id) DO UPDATE SET
          (state, versions, last_changed, newest_key) = (
            SELECT cur.state || CASE WHEN bool_and(e.is_above_row) THEN excluded.state
                ELSE coalesce(jsonb_object_agg(e.key, e.value) FILTER (WHERE e.is_newer), '{}') END,
              -- Above the row: the report's properties take newest_key (no entry); the others keep their key.
              CASE WHEN bool_and(e.is_above_row) THEN
                  CASE WHEN cur.versions = '{}' THEN '{}' ELSE cur.versions - array_agg(e.key) END || (
                    SELECT coalesce(jsonb_object_agg(k, cur.newest_key), '{}') FROM jsonb_object_keys(cur.state) k
                    WHERE NOT excluded.state ? k AND NOT cur.versions ? k)
                ELSE cur.versions || coalesce(
                  jsonb_object_agg(e.key, excluded.newest_key) FILTER (WHERE e.is_newer), '{}') END,
              coalesce(jsonb_object_agg(e.key, e.value)
                FILTER (WHERE (e.is_above_row OR e.is_newer) AND cur.state -> e.key IS DISTINCT FROM e.value), '{}'),
              greatest(excluded.newest_key, coalesce(cur.newest_key, (
                SELECT v.value FROM jsonb_each(cur.versions) v ORDER BY v.value DESC LIMIT 1)))
            FROM (
              SELECT s.key, s.value, above.is_above_row,
                NOT above.is_above_row AND coalesce(coalesce(cur.versions -> s.key,
                  CASE WHEN cur.state ? s.key THEN cur.newest_key END) < excluded.newest_key, true) AS is_newer
              FROM (SELECT coalesce(cur.newest_key < excluded.newest_key, false) AS is_above_row) above,
                jsonb_each(excluded.state) s
            ) e),
          revision = cur.revision + 1,
          reported_at = greatest(cur.reported_at, excluded.reported_at),
          updated_at = now()
        WHERE (cur.newest_key < excluded.newest_key AND excluded.state <> '{}') OR EXISTS (
          SELECT 1 FROM jsonb_object_keys(excluded.state) e(key)
          WHERE coalesce(coalesce(cur.versions -> e.key, CASE WHEN cur.state ? e.key THEN cur.newest_key END)
            < excluded.newest_key, true))
        RETURNING cur.vendor_id, cur.device_id, cur.revision, cur.state, cur.last_changed, cur.reported_at,
          cur.updated_at, cur.versions, cur.newest_key
      ),
      recorded AS (
        INSERT INTO state_workers.state_changes
          (vendor_id, device_id, message_id, revision, changed, state, seq, reported_at)
        SELECT b.vendor, b.device, b.message, up.revision, up.last_changed, up.state, b.seq_number, b.reported_ms
        FROM upsert up JOIN batch b ON b.vendor = up.vendor_id AND b.device = up.device_id
        WHERE up.last_changed <> '{}'
        ON CONFLICT DO NOTHING
      )
      SELECT b.idx AS position, up.revision AS new_revision, up.state AS new_state,
        up.reported_at AS new_reported_at, up.updated_at AS new_updated_at, up.last_changed AS new_changed,
        up.versions AS new_versions, up.newest_key AS new_newest_key,
        b.seq_number, b.reported_ms, b.max_properties,
        (SELECT count(*) FROM jsonb_object_keys(up.state)) AS property_count
      FROM upsert up JOIN batch b ON b.vendor = up.vendor_id AND b.device = up.device_id
    LOOP
      IF merged.property_count > merged.max_properties THEN
        PERFORM state_workers.refuse_oversized_state(merged.property_count, merged.max_properties);
      END IF;
      applied := applied || merged.position;
      idx := merged.position;
      outcome := 'applied';
      revision := merged.new_revision;
      state := merged.new_state;
      reported_at := merged.new_reported_at;
      updated_at := merged.new_updated_at;
      changed := merged.new_changed;
      event_state := merged.new_state;
      event_revision := merged.new_revision;
      event_seq := merged.seq_number;
      event_reported_at := merged.reported_ms;
      versions := merged.new_versions;
      newest_key := merged.new_newest_key;
      RETURN NEXT;
    END LOOP;
    -- A report that changed nothing is a redelivery when its message's change is recorded. Looked up in a
    -- statement of its own: its snapshot is taken after the upsert held the row lock of every device of the
    -- round, so it sees the change of a concurrent batch that committed while this one waited.
    CONTINUE WHEN cardinality(applied) = (SELECT count(*) FROM unnest(reports_per_device) n WHERE n >= current_round);
    RETURN QUERY
    SELECT b.idx, 'replayed'::text, d.revision, d.state, d.reported_at, d.updated_at, c.changed, c.state,
      c.revision, c.seq, c.reported_at, d.versions, d.newest_key
    FROM state_workers.reported_batch_round(updates, current_round) b
    JOIN state_workers.state_changes c ON c.vendor_id = b.vendor AND c.device_id = b.device AND c.message_id = b.message
    JOIN state_workers.device_state d ON d.vendor_id = c.vendor_id AND d.device_id = c.device_id
    WHERE b.idx <> ALL (applied);
  END LOOP;
END;
$$;

-- Down Migration
DROP FUNCTION merge_reported_batch(jsonb);
CREATE FUNCTION merge_reported_batch(updates jsonb)
RETURNS TABLE (
  idx integer, outcome text, revision bigint, state jsonb, reported_at bigint, updated_at timestamptz,
  changed jsonb, event_state jsonb, event_revision bigint, event_seq bigint, event_reported_at bigint
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  reports_per_device bigint[];
  applied integer[];
  merged record;
BEGIN
  SELECT array_agg(n) INTO reports_per_device FROM (
    SELECT count(*) AS n FROM jsonb_array_elements(updates) x GROUP BY x->>'vendorId', x->>'deviceId') per_device;
  FOR current_round IN 1..coalesce((SELECT max(n) FROM unnest(reports_per_device) n), 0) LOOP
    applied := '{}';
    FOR merged IN
      WITH batch AS (SELECT * FROM state_workers.reported_batch_round(updates, current_round)),
      upsert AS (
        INSERT INTO state_workers.device_state AS cur
          (vendor_id, device_id, state, versions, revision, last_changed, reported_at, newest_key)
        SELECT b.vendor, b.device, b.properties, '{}', 1, b.properties, b.reported_ms, b.order_key
        FROM batch b ORDER BY b.vendor, b.device
        ON CONFLICT (vendor_id, device_id) DO UPDATE SET
          (state, versions, last_changed, newest_key) = (
            SELECT cur.state || CASE WHEN bool_and(e.is_above_row) THEN excluded.state
                ELSE coalesce(jsonb_object_agg(e.key, e.value) FILTER (WHERE e.is_newer), '{}') END,
              -- Above the row: the report's properties take newest_key (no entry); the others keep their key.
              CASE WHEN bool_and(e.is_above_row) THEN
                  CASE WHEN cur.versions = '{}' THEN '{}' ELSE cur.versions - array_agg(e.key) END || (
                    SELECT coalesce(jsonb_object_agg(k, cur.newest_key), '{}') FROM jsonb_object_keys(cur.state) k
                    WHERE NOT excluded.state ? k AND NOT cur.versions ? k)
                ELSE cur.versions || coalesce(
                  jsonb_object_agg(e.key, excluded.newest_key) FILTER (WHERE e.is_newer), '{}') END,
              coalesce(jsonb_object_agg(e.key, e.value)
                FILTER (WHERE (e.is_above_row OR e.is_newer) AND cur.state -> e.key IS DISTINCT FROM e.value), '{}'),
              greatest(excluded.newest_key, coalesce(cur.newest_key, (
                SELECT v.value FROM jsonb_each(cur.versions) v ORDER BY v.value DESC LIMIT 1)))
            FROM (
              SELECT s.key, s.value, above.is_above_row,
                NOT above.is_above_row AND coalesce(coalesce(cur.versions -> s.key,
                  CASE WHEN cur.state ? s.key THEN cur.newest_key END) < excluded.newest_key, true) AS is_newer
              FROM (SELECT coalesce(cur.newest_key < excluded.newest_key, false) AS is_above_row) above,
                jsonb_each(excluded.state) s
            ) e),
          revision = cur.revision + 1,
          reported_at = greatest(cur.reported_at, excluded.reported_at),
          updated_at = now()
        WHERE (cur.newest_key < excluded.newest_key AND excluded.state <> '{}') OR EXISTS (
          SELECT 1 FROM jsonb_object_keys(excluded.state) e(key)
          WHERE coalesce(coalesce(cur.versions -> e.key, CASE WHEN cur.state ? e.key THEN cur.newest_key END)
            < excluded.newest_key, true))
        RETURNING cur.vendor_id, cur.device_id, cur.revision, cur.state, cur.last_changed, cur.reported_at,
          cur.updated_at
      ),
      recorded AS (
        INSERT INTO state_workers.state_changes
          (vendor_id, device_id, message_id, revision, changed, state, seq, reported_at)
        SELECT b.vendor, b.device, b.message, up.revision, up.last_changed, up.state, b.seq_number, b.reported_ms
        FROM upsert up JOIN batch b ON b.vendor = up.vendor_id AND b.device = up.device_id
        WHERE up.last_changed <> '{}'
        ON CONFLICT DO NOTHING
      )
      SELECT b.idx AS position, up.revision AS new_revision, up.state AS new_state,
        up.reported_at AS new_reported_at, up.updated_at AS new_updated_at, up.last_changed AS new_changed,
        b.seq_number, b.reported_ms, b.max_properties,
        (SELECT count(*) FROM jsonb_object_keys(up.state)) AS property_count
      FROM upsert up JOIN batch b ON b.vendor = up.vendor_id AND b.device = up.device_id
    LOOP
      IF merged.property_count > merged.max_properties THEN
        PERFORM state_workers.refuse_oversized_state(merged.property_count, merged.max_properties);
      END IF;
      applied := applied || merged.position;
      idx := merged.position;
      outcome := 'applied';
      revision := merged.new_revision;
      state := merged.new_state;
      reported_at := merged.new_reported_at;
      updated_at := merged.new_updated_at;
      changed := merged.new_changed;
      event_state := merged.new_state;
      event_revision := merged.new_revision;
      event_seq := merged.seq_number;
      event_reported_at := merged.reported_ms;
      RETURN NEXT;
    END LOOP;
    -- A report that changed nothing is a redelivery when its message's change is recorded. Looked up in a
    -- statement of its own: its snapshot is taken after the upsert held the row lock of every device of the
    -- round, so it sees the change of a concurrent batch that committed while this one waited.
    CONTINUE WHEN cardinality(applied) = (SELECT count(*) FROM unnest(reports_per_device) n WHERE n >= current_round);
    RETURN QUERY
    SELECT b.idx, 'replayed'::text, d.revision, d.state, d.reported_at, d.updated_at, c.changed, c.state,
      c.revision, c.seq, c.reported_at
    FROM state_workers.reported_batch_round(updates, current_round) b
    JOIN state_workers.state_changes c ON c.vendor_id = b.vendor AND c.device_id = b.device AND c.message_id = b.message
    JOIN state_workers.device_state d ON d.vendor_id = c.vendor_id AND d.device_id = c.device_id
    WHERE b.idx <> ALL (applied);
  END LOOP;
END;
$$;
