-- Up Migration

-- Every fleet metric of a vendor over a window [t0, t1), as rows (product_id, key, label, value): the report,
-- the current values and each point of a time series call the same function, so they cannot disagree.
-- States (provisioned, claimed, online, firmware, battery) are taken at t1; activity (messages, reconnects,
-- events, alerts, uptime) within the window. Devices heard of before their registration count under
-- product 'unknown'.

-- The devices of vendor v that exist at t (registered, and not deleted since).
CREATE FUNCTION analytics.devices_at(v text, t timestamptz)
RETURNS TABLE (device_id text, product_id text, registered_at timestamptz)
LANGUAGE sql STABLE AS $$
  SELECT d.device_id, coalesce(d.product_id, 'unknown'), d.registered_at
  FROM analytics.devices d
  WHERE d.vendor_id = v AND d.registered_at <= t
    AND (d.deleted_at IS NULL OR d.deleted_at < d.registered_at OR d.deleted_at > t)
$$;

CREATE FUNCTION analytics.metric_provisioned(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT d.product_id, 'total', NULL, count(*)::double precision
  FROM analytics.devices_at(v, t1) d GROUP BY d.product_id
$$;

CREATE FUNCTION analytics.metric_credentialed(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT d.product_id, 'total', NULL, count(*)::double precision
  FROM analytics.devices_at(v, t1) d
  WHERE EXISTS (
    SELECT 1 FROM analytics.device_credentials c
    WHERE c.device_id = d.device_id AND c.issued_at >= d.registered_at AND c.issued_at <= t1
  )
  GROUP BY d.product_id
$$;

-- Claimed: the device's latest owner change of its current life, at t1, names an owner.
CREATE FUNCTION analytics.metric_claimed(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT d.product_id, 'total', NULL, count(*)::double precision
  FROM analytics.devices_at(v, t1) d
  CROSS JOIN LATERAL (
    SELECT c.owner_id FROM analytics.ownership_changes c
    WHERE c.device_id = d.device_id AND c.changed_at >= d.registered_at AND c.changed_at <= t1
    ORDER BY c.changed_at DESC LIMIT 1
  ) o
  WHERE o.owner_id IS NOT NULL
  GROUP BY d.product_id
$$;

-- The device's presence at t: its latest connection or disconnection (at one instant, online wins).
CREATE FUNCTION analytics.online_at(device text, t timestamptz)
RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT p.online FROM analytics.presence p WHERE p.device_id = device AND p.at <= t
     ORDER BY p.at DESC, p.online DESC LIMIT 1),
    false)
$$;

CREATE FUNCTION analytics.metric_online(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT d.product_id, 'total', NULL, count(*)::double precision
  FROM analytics.devices_at(v, t1) d
  WHERE analytics.online_at(d.device_id, t1)
  GROUP BY d.product_id
$$;

-- Seconds online and seconds existing within the window, summed over the devices existing at t1 (each from
-- its registration when that is later than t0); uptime is their ratio.
CREATE FUNCTION analytics.metric_uptime(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  WITH d AS (
    SELECT x.device_id, x.product_id, greatest(t0, x.registered_at) AS since FROM analytics.devices_at(v, t1) x
  ),
  marks AS (
    SELECT d.device_id, d.since AS at, analytics.online_at(d.device_id, d.since) AS online FROM d
    UNION ALL
    SELECT p.device_id, p.at, p.online FROM analytics.presence p JOIN d USING (device_id)
    WHERE p.at > d.since AND p.at < t1
  ),
  spans AS (
    SELECT m.device_id, m.online, m.at,
      lead(m.at, 1, t1) OVER (PARTITION BY m.device_id ORDER BY m.at, m.online) AS until
    FROM marks m
  )
  SELECT d.product_id, 'onlineSeconds', NULL,
    coalesce(sum(extract(epoch FROM s.until - s.at)) FILTER (WHERE s.online), 0)::double precision
  FROM d LEFT JOIN spans s USING (device_id) GROUP BY d.product_id
  UNION ALL
  SELECT d.product_id, 'exposureSeconds', NULL, sum(extract(epoch FROM t1 - d.since))::double precision
  FROM d GROUP BY d.product_id
$$;

-- Messages the platform stored within the window (state changes, telemetry, device events).
CREATE FUNCTION analytics.metric_messages(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT coalesce(d.product_id, 'unknown'), 'total', NULL, count(*)::double precision
  FROM analytics.device_messages m LEFT JOIN analytics.devices d USING (device_id)
  WHERE m.vendor_id = v AND m.at >= t0 AND m.at < t1
  GROUP BY 1
$$;

-- Reconnects: connections within the window of devices that had been heard of (connected or not) before.
CREATE FUNCTION analytics.metric_reconnects(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT d.product_id, 'total', NULL, count(*)::double precision
  FROM analytics.devices_at(v, t1) d
  JOIN analytics.presence p USING (device_id)
  WHERE p.online AND p.at >= t0 AND p.at < t1
    AND EXISTS (
      SELECT 1 FROM analytics.presence e
      WHERE e.device_id = p.device_id AND e.at < p.at AND e.at >= d.registered_at
    )
  GROUP BY d.product_id
$$;

-- Firmware versions at t1: each device's latest reported version.
CREATE FUNCTION analytics.metric_firmware(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT d.product_id, f.version, NULL, count(*)::double precision
  FROM analytics.devices_at(v, t1) d
  CROSS JOIN LATERAL (
    SELECT r.version FROM analytics.firmware_reports r
    WHERE r.device_id = d.device_id AND r.at >= d.registered_at AND r.at <= t1
    ORDER BY r.at DESC LIMIT 1
  ) f
  GROUP BY d.product_id, f.version
$$;

-- Battery levels at t1 in bands of 20 percent ('0-19' ... '80-100'): each device's latest reading.
CREATE FUNCTION analytics.metric_battery(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT d.product_id, band.key, NULL, count(*)::double precision
  FROM analytics.devices_at(v, t1) d
  CROSS JOIN LATERAL (
    SELECT r.level FROM analytics.battery_readings r
    WHERE r.device_id = d.device_id AND r.at >= d.registered_at AND r.at <= t1
    ORDER BY r.at DESC LIMIT 1
  ) b
  CROSS JOIN LATERAL (
    SELECT CASE WHEN b.level >= 80 THEN '80-100'
      ELSE (floor(b.level / 20) * 20)::int || '-' || (floor(b.level / 20) * 20 + 19)::int END AS key
  ) band
  GROUP BY d.product_id, band.key
$$;

-- Device events within the window by name and severity (key `name:severity`; no severity counts as info).
CREATE FUNCTION analytics.metric_events(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT coalesce(d.product_id, 'unknown'), m.event_name || ':' || m.severity, NULL, count(*)::double precision
  FROM analytics.device_messages m LEFT JOIN analytics.devices d USING (device_id)
  WHERE m.vendor_id = v AND m.kind = 'event' AND m.at >= t0 AND m.at < t1
  GROUP BY 1, 2
$$;

-- Alerts fired within the window by rule (key the rule id, label its latest name).
CREATE FUNCTION analytics.metric_alerts(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT coalesce(d.product_id, 'unknown'), a.rule_id::text,
    (array_agg(a.rule_name ORDER BY a.fired_at DESC))[1], count(*)::double precision
  FROM analytics.alerts_fired a LEFT JOIN analytics.devices d USING (device_id)
  WHERE a.vendor_id = v AND a.fired_at >= t0 AND a.fired_at < t1
  GROUP BY 1, 2
$$;
