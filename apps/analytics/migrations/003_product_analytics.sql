-- Up Migration

-- Product analytics (issue #19): feature usage as facts, active devices and the activation funnel as queries
-- over the facts of migration 001, and weekly reports. As there: facts written once, figures never counters.

-- Uses of a feature, by who asked: each property a desired change set or removed (device.changed 'desired'
-- with its `properties`; key: the event's message id and the property) and each command that finished
-- (device.command-finished; key: the command id, as a command finishes once). source 'unknown' when the
-- caller did not say.
CREATE TABLE feature_uses (
  use_id text PRIMARY KEY,
  vendor_id text NOT NULL,
  device_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('desired', 'command')),
  name text NOT NULL,
  source text NOT NULL CHECK (source IN ('owner', 'vendor', 'automation', 'assistant', 'unknown')),
  at timestamptz NOT NULL
);
CREATE INDEX feature_uses_by_vendor_time ON feature_uses (vendor_id, at);

-- The funnel looks up one device's messages after its claim.
CREATE INDEX device_messages_by_device_time ON device_messages (device_id, at);

-- Weekly reports as generated (ISO week 'YYYY-Www', Monday 00:00 UTC to Monday); the body is the API's JSON.
CREATE TABLE weekly_reports (
  vendor_id text NOT NULL,
  week text NOT NULL,
  generated_at timestamptz NOT NULL,
  body jsonb NOT NULL,
  PRIMARY KEY (vendor_id, week)
);

-- Active devices: devices that sent at least one stored message (state, telemetry, event) within the window.
CREATE FUNCTION analytics.metric_active(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT coalesce(d.product_id, 'unknown'), 'total', NULL, count(DISTINCT m.device_id)::double precision
  FROM analytics.device_messages m LEFT JOIN analytics.devices d USING (device_id)
  WHERE m.vendor_id = v AND m.at >= t0 AND m.at < t1
  GROUP BY 1
$$;

-- Feature uses within the window by kind, name and who asked (key `kind:name:source`).
CREATE FUNCTION analytics.metric_features(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT coalesce(d.product_id, 'unknown'), f.kind || ':' || f.name || ':' || f.source, NULL,
    count(*)::double precision
  FROM analytics.feature_uses f LEFT JOIN analytics.devices d USING (device_id)
  WHERE f.vendor_id = v AND f.at >= t0 AND f.at < t1
  GROUP BY 1, 2
$$;

-- The activation path of each device of vendor v registered within [t0, t1) (its current life), from the
-- facts known now: its first claim since registration; when it was first online since that claim (at the
-- claim when it was connected then); whether it sent a message 7 to 14 days after the claim; seconds from
-- the claim to its first message after it.
CREATE FUNCTION analytics.activation_paths(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (
  device_id text, product_id text, claimed_at timestamptz, online_at timestamptz,
  active_after_7_days boolean, first_report_seconds double precision
)
LANGUAGE sql STABLE AS $$
  WITH cohort AS (
    SELECT d.device_id, coalesce(d.product_id, 'unknown') AS product_id,
      (SELECT min(o.changed_at) FROM analytics.ownership_changes o
       WHERE o.device_id = d.device_id AND o.changed_at >= d.registered_at AND o.owner_id IS NOT NULL) AS claimed_at
    FROM analytics.devices d
    WHERE d.vendor_id = v AND d.registered_at >= t0 AND d.registered_at < t1
  )
  SELECT c.device_id, c.product_id, c.claimed_at,
    CASE WHEN c.claimed_at IS NULL THEN NULL
      WHEN analytics.online_at(c.device_id, c.claimed_at) THEN c.claimed_at
      ELSE (SELECT min(p.at) FROM analytics.presence p
            WHERE p.device_id = c.device_id AND p.online AND p.at >= c.claimed_at) END,
    c.claimed_at IS NOT NULL AND EXISTS (
      SELECT 1 FROM analytics.device_messages m WHERE m.device_id = c.device_id
        AND m.at >= c.claimed_at + interval '7 days' AND m.at < c.claimed_at + interval '14 days'),
    extract(epoch FROM (SELECT min(m.at) FROM analytics.device_messages m
                        WHERE m.device_id = c.device_id AND m.at >= c.claimed_at) - c.claimed_at)::double precision
  FROM cohort c
$$;
