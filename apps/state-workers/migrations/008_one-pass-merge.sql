-- Up Migration

-- merge_reported_batch in one pass whatever the reports per device. 004 ran one upsert round per report of
-- a device, and under backlog a batch holds several reports of most devices: 4.3-4.7 statements a batch
-- when behind, 1-1.4 when not (tools/bench/README.md, "Session 21: PostgreSQL's cost per message"). Here
-- the device rows are locked first, in (vendor, device) order, and each report's effect is computed from
-- the locked row and the batch's earlier reports of its device: a property of report k replaces the value
-- before it when its order key is above the stored one and above those of the device's earlier reports
-- in the batch that hold it (the key a property ends with is the greatest it was offered). Each row is
-- then written once, and a state_changes row recorded per applied report with the state after it, so
-- outcomes, order rule and the state's revisions are those of 004.

-- Concatenates jsonb objects in the aggregate's order (a later key replaces an earlier one).
CREATE AGGREGATE jsonb_merge_agg(jsonb) (SFUNC = jsonb_concat, STYPE = jsonb, INITCOND = '{}');

CREATE OR REPLACE FUNCTION merge_reported_batch(updates jsonb)
RETURNS TABLE (
  idx integer, outcome text, revision bigint, state jsonb, reported_at bigint, updated_at timestamptz,
  changed jsonb, event_state jsonb, event_revision bigint, event_seq bigint, event_reported_at bigint
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  pending jsonb := updates;
  applied integer[] := '{}';
  lost integer[];
  merged record;
BEGIN
  LOOP
    lost := '{}';
    FOR merged IN SELECT * FROM state_workers.merge_reported_pass(pending) LOOP
      -- A new device another batch inserted meanwhile: merged again below, now against its row.
      IF merged.is_lost THEN
        lost := lost || merged.report_idx;
        CONTINUE;
      END IF;
      PERFORM state_workers.check_merged_state(merged.new_state, merged.property_count, merged.max_properties,
        merged.is_last);
      applied := applied || merged.report_idx;
      idx := merged.report_idx;
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
    EXIT WHEN cardinality(lost) = 0;
    SELECT jsonb_agg(x) INTO pending FROM jsonb_array_elements(pending) x WHERE (x->>'idx')::integer = ANY (lost);
  END LOOP;
  -- A report that changed nothing is a redelivery when its message's change is recorded. Looked up in a
  -- statement of its own: its snapshot is taken after the merge held the row lock of every device of the
  -- batch, so it sees the change of a concurrent batch that committed while this one waited.
  IF cardinality(applied) = jsonb_array_length(updates) THEN
    RETURN;
  END IF;
  RETURN QUERY
  SELECT b.idx, 'replayed'::text, d.revision, d.state, d.reported_at, d.updated_at, c.changed, c.state,
    c.revision, c.seq, c.reported_at
  FROM jsonb_to_recordset(updates) AS b(idx integer, "vendorId" text, "deviceId" text, "messageId" text)
  JOIN state_workers.state_changes c
    ON c.vendor_id = b."vendorId" AND c.device_id = b."deviceId" AND c.message_id = b."messageId"
  JOIN state_workers.device_state d ON d.vendor_id = c.vendor_id AND d.device_id = c.device_id
  WHERE b.idx <> ALL (applied);
END;
$$;

-- The limits on a state after a report: its properties (HPS01), and the state budget of migrations/005
-- for a state the row only held between two reports of the batch (the row's constraint checks the last).
CREATE FUNCTION check_merged_state(merged jsonb, property_count bigint, max_properties integer, is_last boolean)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF property_count > max_properties THEN
    PERFORM state_workers.refuse_oversized_state(property_count, max_properties);
  END IF;
  IF NOT is_last AND octet_length(merged::text) > 65536 THEN
    RAISE EXCEPTION 'the merged state would exceed the state budget' USING ERRCODE = 'check_violation',
      CONSTRAINT = 'device_state_within_budget';
  END IF;
END;
$$;

-- One pass of merge_reported_batch: the applied reports of the batch, each with the state after it. The
-- report of a new device that another batch inserted first comes back `is_lost` (nothing written for it).
CREATE FUNCTION merge_reported_pass(updates jsonb)
RETURNS TABLE (
  report_idx integer, is_lost boolean, is_last boolean, new_revision bigint, new_state jsonb,
  new_reported_at bigint, new_updated_at timestamptz, new_changed jsonb, seq_number bigint, reported_ms bigint,
  max_properties integer, property_count bigint
)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY
  WITH batch AS (
    SELECT x.idx, x."vendorId" AS vendor, x."deviceId" AS device, x.properties, x."order" AS order_key,
      x."messageId" AS message, x."reportedAt" AS reported, x.seq, x."maxProperties" AS max_props,
      row_number() OVER (PARTITION BY x."vendorId", x."deviceId" ORDER BY x.idx) AS pos
    FROM jsonb_to_recordset(updates) AS x(idx integer, "vendorId" text, "deviceId" text, properties jsonb,
      "order" jsonb, "messageId" text, "reportedAt" bigint, seq bigint, "maxProperties" integer)
  ),
  -- Locked in one global order, so concurrent batches of several replicas never deadlock.
  locked AS (
    SELECT d.vendor_id, d.device_id, d.state, d.versions, d.revision, d.reported_at
    FROM state_workers.device_state d
    WHERE (d.vendor_id, d.device_id) IN (SELECT b.vendor, b.device FROM batch b)
    ORDER BY d.vendor_id, d.device_id FOR UPDATE
  ),
  offered AS (
    SELECT b.idx, b.vendor, b.device, b.pos, p.key, p.value, b.order_key, l.versions -> p.key AS stored_key,
      l.state -> p.key AS stored_value,
      array_agg(b.order_key) OVER (PARTITION BY b.vendor, b.device, p.key ORDER BY b.pos
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_keys
    FROM batch b
    LEFT JOIN locked l ON l.vendor_id = b.vendor AND l.device_id = b.device
    CROSS JOIN LATERAL jsonb_each(b.properties) p
  ),
  replacing AS (
    SELECT o.*, CASE WHEN row_number() OVER w = 1 THEN o.stored_value ELSE lag(o.value) OVER w END AS before
    FROM offered o
    WHERE coalesce(o.stored_key < o.order_key, true) AND coalesce(o.order_key > ALL (o.earlier_keys), true)
    WINDOW w AS (PARTITION BY o.vendor, o.device, o.key ORDER BY o.pos)
  ),
  per_report AS (
    SELECT r.idx, r.vendor, r.device, r.pos, jsonb_object_agg(r.key, r.value) AS values,
      jsonb_object_agg(r.key, r.order_key) AS keys,
      coalesce(jsonb_object_agg(r.key, r.value) FILTER (WHERE r.before IS DISTINCT FROM r.value), '{}') AS changed
    FROM replacing r GROUP BY r.idx, r.vendor, r.device, r.pos
  ),
  steps AS (
    SELECT p.idx, p.vendor, p.device, p.changed, b.message, b.seq, b.reported, b.max_props,
      l.vendor_id IS NULL AS is_new,
      coalesce(l.state, '{}') || state_workers.jsonb_merge_agg(p.values) OVER w AS state_after,
      coalesce(l.versions, '{}') || state_workers.jsonb_merge_agg(p.keys) OVER w AS versions_after,
      coalesce(l.revision, 0) + row_number() OVER w AS revision_after,
      greatest(l.reported_at, max(b.reported) OVER w) AS reported_after,
      row_number() OVER w = count(*) OVER (PARTITION BY p.vendor, p.device) AS last_of_device
    FROM per_report p
    JOIN batch b ON b.idx = p.idx
    LEFT JOIN locked l ON l.vendor_id = p.vendor AND l.device_id = p.device
    WINDOW w AS (PARTITION BY p.vendor, p.device ORDER BY p.pos)
  ),
  updated AS (
    UPDATE state_workers.device_state d SET state = s.state_after, versions = s.versions_after,
      revision = s.revision_after, last_changed = s.changed, reported_at = s.reported_after, updated_at = now()
    FROM steps s
    WHERE s.last_of_device AND NOT s.is_new AND d.vendor_id = s.vendor AND d.device_id = s.device
  ),
  inserted AS (
    INSERT INTO state_workers.device_state AS d
      (vendor_id, device_id, state, versions, revision, last_changed, reported_at)
    SELECT s.vendor, s.device, s.state_after, s.versions_after, s.revision_after, s.changed, s.reported_after
    FROM steps s WHERE s.last_of_device AND s.is_new ORDER BY s.vendor, s.device
    ON CONFLICT DO NOTHING
    RETURNING d.vendor_id, d.device_id
  ),
  written AS (
    SELECT s.*, s.is_new AND NOT EXISTS (
      SELECT 1 FROM inserted i WHERE i.vendor_id = s.vendor AND i.device_id = s.device) AS lost
    FROM steps s
  ),
  recorded AS (
    INSERT INTO state_workers.state_changes
      (vendor_id, device_id, message_id, revision, changed, state, seq, reported_at)
    SELECT w.vendor, w.device, w.message, w.revision_after, w.changed, w.state_after, w.seq, w.reported
    FROM written w WHERE NOT w.lost AND w.changed <> '{}'
    ON CONFLICT DO NOTHING
  )
  SELECT w.idx, w.lost, w.last_of_device, w.revision_after, w.state_after, w.reported_after, now(), w.changed,
    w.seq, w.reported, w.max_props, (SELECT count(*) FROM jsonb_object_keys(w.state_after))
  FROM written w;
END;
$$;

-- Down Migration
CREATE OR REPLACE FUNCTION merge_reported_batch(updates jsonb)
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
          (vendor_id, device_id, state, versions, revision, last_changed, reported_at)
        SELECT b.vendor, b.device, b.properties,
          (SELECT coalesce(jsonb_object_agg(k, b.order_key), '{}') FROM jsonb_object_keys(b.properties) k), 1,
          b.properties, b.reported_ms
        FROM batch b ORDER BY b.vendor, b.device
        ON CONFLICT (vendor_id, device_id) DO UPDATE SET
          (state, versions, last_changed) = (
            SELECT cur.state || coalesce(jsonb_object_agg(e.key, e.value), '{}'),
              cur.versions || coalesce(jsonb_object_agg(e.key, excluded.versions -> e.key), '{}'),
              coalesce(jsonb_object_agg(e.key, e.value) FILTER (WHERE cur.state -> e.key IS DISTINCT FROM e.value), '{}')
            FROM jsonb_each(excluded.state) e
            WHERE coalesce(cur.versions -> e.key < excluded.versions -> e.key, true)),
          revision = cur.revision + 1,
          reported_at = greatest(cur.reported_at, excluded.reported_at),
          updated_at = now()
        WHERE EXISTS (
          SELECT 1 FROM jsonb_object_keys(excluded.state) e(key)
          WHERE coalesce(cur.versions -> e.key < excluded.versions -> e.key, true))
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
DROP FUNCTION merge_reported_pass(jsonb);
DROP FUNCTION check_merged_state(jsonb, bigint, integer, boolean);
DROP AGGREGATE jsonb_merge_agg(jsonb);
