-- Up Migration

-- Merges a batch of reported states in one call: one round trip and one transaction instead of one per
-- message (at thousands of messages a second the per-statement round trips were the largest database
-- cost measured by `npm run bench`). Each report is merged by the same guarded statement as before,
-- in (vendor, device, position) order: reports of one device in their order, and row locks taken in one
-- global order, so concurrent batches of several replicas never deadlock. Per property a value is replaced
-- only by a report with a greater order key [seq, ts, receivedAt]; a change is recorded in state_changes;
-- a report merged before (a redelivery) comes back as `replayed` with its recorded change; a report with
-- nothing newer returns no row (stale). A merged state over its property limit raises HPS01 and fails the
-- batch (the caller then merges its reports one by one, so only that report fails).
--
-- updates: a jsonb array of {idx, vendorId, deviceId, properties, order, messageId, reportedAt, seq,
-- maxProperties}; the rows returned carry the idx of their report.
CREATE FUNCTION merge_reported_batch(updates jsonb)
RETURNS TABLE (
  idx integer, outcome text, revision bigint, state jsonb, reported_at bigint, updated_at timestamptz,
  changed jsonb, event_state jsonb, event_revision bigint, event_seq bigint, event_reported_at bigint
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  u record;
BEGIN
  FOR u IN
    SELECT (x->>'idx')::integer AS position, x->>'vendorId' AS vendor, x->>'deviceId' AS device,
      x->'properties' AS properties, x->'order' AS order_key, x->>'messageId' AS message,
      (x->>'reportedAt')::bigint AS reported_ms, (x->>'seq')::bigint AS seq_number,
      (x->>'maxProperties')::integer AS max_properties
    FROM jsonb_array_elements(updates) AS x
    ORDER BY 2, 3, 1
  LOOP
    RETURN QUERY
    WITH upsert AS (
      INSERT INTO state_workers.device_state AS cur
        (vendor_id, device_id, state, versions, revision, last_changed, reported_at)
      SELECT u.vendor, u.device, u.properties, coalesce(jsonb_object_agg(key, u.order_key), '{}'), 1,
        u.properties, u.reported_ms
      FROM jsonb_object_keys(u.properties) AS key
      ON CONFLICT (vendor_id, device_id) DO UPDATE SET
        state = CASE
          WHEN (SELECT count(*) FROM jsonb_object_keys(cur.state || excluded.state)) > u.max_properties
            THEN state_workers.refuse_oversized_state(
              (SELECT count(*) FROM jsonb_object_keys(cur.state || excluded.state)), u.max_properties)
          ELSE cur.state || (
            SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}') FROM jsonb_each(excluded.state) e
            WHERE coalesce(cur.versions -> e.key < u.order_key, true))
        END,
        versions = cur.versions || (
          SELECT coalesce(jsonb_object_agg(e.key, u.order_key), '{}') FROM jsonb_object_keys(excluded.state) e(key)
          WHERE coalesce(cur.versions -> e.key < u.order_key, true)),
        last_changed = (
          SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}') FROM jsonb_each(excluded.state) e
          WHERE coalesce(cur.versions -> e.key < u.order_key, true) AND cur.state -> e.key IS DISTINCT FROM e.value),
        revision = cur.revision + 1,
        reported_at = greatest(cur.reported_at, excluded.reported_at),
        updated_at = now()
      WHERE EXISTS (
        SELECT 1 FROM jsonb_object_keys(excluded.state) e(key) WHERE coalesce(cur.versions -> e.key < u.order_key, true))
      RETURNING cur.revision, cur.state, cur.last_changed, cur.reported_at, cur.updated_at
    ),
    recorded AS (
      INSERT INTO state_workers.state_changes
        (vendor_id, device_id, message_id, revision, changed, state, seq, reported_at)
      SELECT u.vendor, u.device, u.message, up.revision, up.last_changed, up.state, u.seq_number, u.reported_ms
      FROM upsert up WHERE up.last_changed <> '{}'
      ON CONFLICT DO NOTHING
    )
    SELECT u.position, 'applied'::text, up.revision, up.state, up.reported_at, up.updated_at, up.last_changed,
      up.state, up.revision, u.seq_number, u.reported_ms
    FROM upsert up
    UNION ALL
    SELECT u.position, 'replayed'::text, d.revision, d.state, d.reported_at, d.updated_at, c.changed, c.state,
      c.revision, c.seq, c.reported_at
    FROM state_workers.state_changes c
    JOIN state_workers.device_state d ON d.vendor_id = c.vendor_id AND d.device_id = c.device_id
    WHERE NOT EXISTS (SELECT 1 FROM upsert)
      AND c.vendor_id = u.vendor AND c.device_id = u.device AND c.message_id = u.message;
  END LOOP;
END;
$$;

-- Down Migration
DROP FUNCTION merge_reported_batch(jsonb);
