/*
 * Merges one reported state into a device's row, in one statement (so one round trip, atomic, and
 * correct under concurrent replicas: ON CONFLICT DO UPDATE locks the row and evaluates SET against the
 * newest committed version of it). Per property: a property is replaced only when this message's order
 * key ($4, a jsonb array [seq, ts, receivedAt]) is greater than the one that last set it; jsonb arrays of
 * equal length compare element by element. In SET, `cur` is the row before the update, so `last_changed`
 * holds exactly the values that differ. A change is recorded in state_changes in the same statement.
 * When nothing is newer, the recorded change of this same message (if any) comes back as `replayed`.
 *
 * $1 vendor_id, $2 device_id, $3 properties (jsonb), $4 order key (jsonb), $5 message id,
 * $6 reported-at (epoch ms), $7 seq (or null), $8 max properties.
 */
const isNewer = 'coalesce(cur.versions -> e.key < $4::jsonb, true)';

/** The merge statement (see the comment above). */
export const mergeReportedStateSql = `
WITH upsert AS (
  INSERT INTO state_workers.device_state AS cur
    (vendor_id, device_id, state, versions, revision, last_changed, reported_at)
  SELECT $1::text, $2::text, $3::jsonb, coalesce(jsonb_object_agg(key, $4::jsonb), '{}'), 1, $3::jsonb,
    $6::bigint
  FROM jsonb_object_keys($3::jsonb) AS key
  ON CONFLICT (vendor_id, device_id) DO UPDATE SET
    state = CASE
      WHEN (SELECT count(*) FROM jsonb_object_keys(cur.state || excluded.state)) > $8::integer
        THEN state_workers.refuse_oversized_state(
          (SELECT count(*) FROM jsonb_object_keys(cur.state || excluded.state)), $8::integer)
      ELSE cur.state || (
        SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}') FROM jsonb_each(excluded.state) e
        WHERE ${isNewer})
    END,
    versions = cur.versions || (
      SELECT coalesce(jsonb_object_agg(e.key, $4::jsonb), '{}') FROM jsonb_object_keys(excluded.state) e(key)
      WHERE ${isNewer}),
    last_changed = (
      SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}') FROM jsonb_each(excluded.state) e
      WHERE ${isNewer} AND cur.state -> e.key IS DISTINCT FROM e.value),
    revision = cur.revision + 1,
    reported_at = greatest(cur.reported_at, excluded.reported_at),
    updated_at = now()
  WHERE EXISTS (SELECT 1 FROM jsonb_object_keys(excluded.state) e(key) WHERE ${isNewer})
  RETURNING revision, state, last_changed, reported_at, updated_at
),
recorded AS (
  INSERT INTO state_workers.state_changes
    (vendor_id, device_id, message_id, revision, changed, state, seq, reported_at)
  SELECT $1::text, $2::text, $5::text, revision, last_changed, state, $7::bigint, $6::bigint
  FROM upsert WHERE last_changed <> '{}'
  ON CONFLICT DO NOTHING
)
SELECT 'applied' AS outcome, u.revision, u.state, u.reported_at, u.updated_at, u.last_changed AS changed,
  u.state AS event_state, u.revision AS event_revision, $7::bigint AS event_seq,
  $6::bigint AS event_reported_at
FROM upsert u
UNION ALL
SELECT 'replayed', d.revision, d.state, d.reported_at, d.updated_at, c.changed, c.state, c.revision,
  c.seq, c.reported_at
FROM state_workers.state_changes c
JOIN state_workers.device_state d ON d.vendor_id = c.vendor_id AND d.device_id = c.device_id
WHERE NOT EXISTS (SELECT 1 FROM upsert)
  AND c.vendor_id = $1::text AND c.device_id = $2::text AND c.message_id = $5::text
`;
