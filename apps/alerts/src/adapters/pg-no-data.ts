import { changedAlertsProjection } from './pg-alert-records';

/** Stores when devices were last heard from; a late batch never moves a device's time back. */
export const recordActivitySql = `
  INSERT INTO alerts.device_activity (device_id, vendor_id, product_id, home_id, last_seen_at)
  SELECT device_id, vendor_id, product_id, home_id, to_timestamp(last_seen_ms / 1000.0)
  FROM jsonb_to_recordset($1::jsonb)
    AS seen(device_id text, vendor_id text, product_id text, home_id text, last_seen_ms bigint)
  ON CONFLICT (device_id) DO UPDATE SET
    vendor_id = excluded.vendor_id, product_id = excluded.product_id, home_id = excluded.home_id,
    last_seen_at = greatest(alerts.device_activity.last_seen_at, excluded.last_seen_at)`;

/**
 * Opens, firing, the no-data alerts of the devices silent for the rule's time (plus its `for`) by $1: the
 * rules are matched to devices as the evaluator matches them (a device rule; a product rule, confined to its
 * home for a home's rule; not a rule the home muted). The open-alert index keeps a silent device to one alert per rule.
 */
export const fireSilentSql =
  `
  WITH silent AS (
    SELECT r.id AS rule_id, d.vendor_id, d.device_id, d.home_id, d.last_seen_at
    FROM alerts.rules r JOIN alerts.device_activity d
      ON (r.target_device_id = d.device_id
          OR (r.target_device_id IS NULL AND r.target_vendor_id = d.vendor_id AND r.target_product_id = d.product_id))
     AND (r.owner_home_id IS NULL OR r.owner_home_id::text = d.home_id)
    WHERE r.enabled AND r.condition ->> 'kind' = 'no-data'
      AND d.last_seen_at + make_interval(secs => (r.condition ->> 'afterSeconds')::int + r.for_seconds) <= $1
      AND NOT EXISTS (SELECT 1 FROM alerts.rule_mutes m WHERE m.rule_id = r.id AND m.home_id::text = d.home_id)
      AND NOT EXISTS (
        SELECT 1 FROM alerts.alerts a
        WHERE a.rule_id = r.id AND a.device_id = d.device_id AND a.status IN ('pending', 'firing'))
    LIMIT $2
  ), changed AS (
    INSERT INTO alerts.alerts (id, rule_id, vendor_id, device_id, home_id, status, pending_since, due_at, fired_at)
    SELECT gen_random_uuid(), rule_id, vendor_id, device_id, home_id, 'firing', last_seen_at, $1, $1 FROM silent
    ON CONFLICT (rule_id, device_id) WHERE status IN ('pending', 'firing') DO NOTHING
    RETURNING *
  )` + changedAlertsProjection;
