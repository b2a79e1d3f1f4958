-- Up Migration

-- Presence facts (connections and disconnections) get the retention of message facts (apps/analytics README,
-- "Retention of facts"): raw rows are kept MESSAGE_FACTS_RETENTION_DAYS, older days as spans per device, rolled
-- up by the same job in the transaction that rolls up the day's messages, behind the same per-vendor horizon.
-- Uptime, reconnects, online and the funnel's first connection read presence_activity and online_at: the
-- rollup before the horizon, raw rows from it on.

-- One horizon per vendor for its message and presence facts.
ALTER TABLE message_horizons RENAME TO fact_horizons;
DROP FUNCTION analytics.message_horizon(text);

-- The horizon of vendor v's raw facts; -infinity while none of its days is rolled up.
CREATE FUNCTION analytics.fact_horizon(v text)
RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT h.horizon FROM analytics.fact_horizons h WHERE h.vendor_id = v), '-infinity')
$$;

-- The vendor of each presence fact (its event's), so that the job finds and prunes a vendor's days by index,
-- as its messages'. Rows recorded before this migration take their device's vendor; those of a device
-- analytics knows no vendor of stay null (no figure counts a device it has no registration of) and the job
-- leaves them.
ALTER TABLE presence ADD COLUMN vendor_id text;
UPDATE presence p SET vendor_id = d.vendor_id FROM devices d WHERE d.device_id = p.device_id;
CREATE INDEX presence_by_vendor_time ON presence (vendor_id, at);

-- A device's presence facts of a UTC day past the retention, as spans: the day cut at the instants within it
-- that figures ask about (the device's registration, where uptime and reconnects start, and its claims, where
-- the funnel asks whether it was connected), so that every figure is exact at UTC midnights and those
-- instants. A span holds its first and last instant with the state after each (at one instant, online wins),
-- the seconds online between them, its connections and the first of them.
CREATE TABLE presence_spans (
  vendor_id text NOT NULL,
  device_id text NOT NULL,
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  first_online boolean NOT NULL,
  last_online boolean NOT NULL,
  online_seconds numeric NOT NULL,
  connects bigint NOT NULL,
  first_connect_at timestamptz,
  PRIMARY KEY (device_id, first_at)
);

-- Rolls vendor v's raw presence within [t0, t1) up into spans (written once: a rerun adds nothing): each
-- instant (at one, online wins) goes to the span starting at the latest of its UTC day's start and its
-- device's registration and claims within that day at or before it. The job calls it for one day, with the
-- day's horizon; this migration once, for the days before the horizons that message facts already have.
CREATE FUNCTION analytics.roll_up_presence(v text, t0 timestamptz, t1 timestamptz)
RETURNS void
LANGUAGE sql AS $$
  WITH instants AS (
    SELECT p.device_id, p.at, date_trunc('day', p.at, 'UTC') AS day, bool_or(p.online) AS online,
      count(*) FILTER (WHERE p.online) AS connects
    FROM analytics.presence p
    WHERE p.vendor_id = v AND p.at >= t0 AND p.at < t1
    GROUP BY p.device_id, p.at
  ),
  placed AS (
    SELECT i.device_id, i.at, i.online, i.connects, greatest(i.day,
      (SELECT d.registered_at FROM analytics.devices d
       WHERE d.device_id = i.device_id AND d.registered_at >= i.day AND d.registered_at <= i.at),
      (SELECT max(o.changed_at) FROM analytics.ownership_changes o
       WHERE o.device_id = i.device_id AND o.owner_id IS NOT NULL AND o.changed_at >= i.day AND o.changed_at <= i.at)
    ) AS span_start
    FROM instants i
  ),
  timed AS (
    SELECT p.*, lead(p.at) OVER (PARTITION BY p.device_id, p.span_start ORDER BY p.at) AS next_at FROM placed p
  )
  INSERT INTO analytics.presence_spans
    (vendor_id, device_id, first_at, last_at, first_online, last_online, online_seconds, connects, first_connect_at)
  SELECT v, t.device_id, min(t.at), max(t.at), (array_agg(t.online ORDER BY t.at))[1],
    (array_agg(t.online ORDER BY t.at DESC))[1],
    coalesce(sum(extract(epoch FROM t.next_at - t.at)) FILTER (WHERE t.online AND t.next_at IS NOT NULL), 0),
    sum(t.connects), min(t.at) FILTER (WHERE t.online)
  FROM timed t
  GROUP BY t.device_id, t.span_start
  ON CONFLICT DO NOTHING
$$;

-- The vendors whose message facts were rolled up before this migration: their presence before the horizon
-- is rolled up now, or the job would delete it unread.
SELECT analytics.roll_up_presence(h.vendor_id, '-infinity', h.horizon) FROM fact_horizons h;

-- The horizon h of the vendor v, checking a window's edges: before it facts are known per UTC day, so an
-- edge there that is not a UTC midnight raises SQLSTATE YH400 (Y: implementation-defined class; the service
-- answers 400) naming the horizon, rather than letting a figure answer an approximation. The figures read it
-- in a MATERIALIZED CTE: once a call, where an inlined subquery would call it once a device.
CREATE FUNCTION analytics.exact_horizon(v text, t0 timestamptz, t1 timestamptz)
RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
  h timestamptz := analytics.fact_horizon(v);
  edge timestamptz;
BEGIN
  FOREACH edge IN ARRAY ARRAY[t0, t1] LOOP
    IF edge < h AND edge <> date_trunc('day', edge, 'UTC') THEN
      RAISE EXCEPTION USING ERRCODE = 'YH400', MESSAGE = format(
        '%s is before %s, the horizon of this vendor''s raw facts: before it messages and presence are kept '
        'per UTC day, so a window or bucket edge there must be a UTC midnight',
        to_char(edge AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(h AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
    END IF;
  END LOOP;
  RETURN h;
END
$$;

-- As in migration 004, with the edges checked by exact_horizon (first: an empty window is refused too).
CREATE OR REPLACE FUNCTION analytics.message_activity(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (
  device_id text, kind text, event_name text, severity text, messages bigint, first_at timestamptz,
  last_at timestamptz
)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  h timestamptz := analytics.exact_horizon(v, t0, t1);
BEGIN
  RETURN QUERY
    SELECT r.device_id, r.kind, r.event_name, r.severity, r.messages, r.first_at, r.last_at
    FROM analytics.message_days r
    WHERE r.vendor_id = v AND r.day >= t0 AND r.day < least(t1, h)
    UNION ALL
    SELECT m.device_id, m.kind, m.event_name, m.severity, count(*), min(m.at), max(m.at)
    FROM analytics.device_messages m
    WHERE m.vendor_id = v AND m.at >= greatest(t0, h) AND m.at < t1
    GROUP BY m.device_id, m.kind, m.event_name, m.severity;
END
$$;

-- The device's presence within [t0, t1) as spans, horizon h: the rollup's spans before h, each raw instant
-- from h on (a span of one instant). Exact when t0 and t1 are UTC midnights, the device's registration or
-- claims, or not before h. Raw rows before h (late copies of pruned ones) are not read.
CREATE FUNCTION analytics.presence_activity(device text, h timestamptz, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (
  first_at timestamptz, last_at timestamptz, first_online boolean, last_online boolean, online_seconds numeric,
  connects bigint, first_connect_at timestamptz
)
LANGUAGE sql STABLE AS $$
  SELECT s.first_at, s.last_at, s.first_online, s.last_online, s.online_seconds, s.connects, s.first_connect_at
  FROM analytics.presence_spans s
  WHERE s.device_id = device AND s.first_at >= t0 AND s.first_at < least(t1, h)
  UNION ALL
  SELECT p.at, p.at, bool_or(p.online), bool_or(p.online), 0, count(*) FILTER (WHERE p.online),
    min(p.at) FILTER (WHERE p.online)
  FROM analytics.presence p
  WHERE p.device_id = device AND p.at >= greatest(t0, h) AND p.at < t1
  GROUP BY p.at
$$;

-- The device's presence at t, horizon h: its latest connection or disconnection at or before t (at one
-- instant, online wins), from raw rows from h on, else the state the rollup holds at t (that of its span's
-- first instant when a span starts at t, else after the latest span before t).
CREATE FUNCTION analytics.online_at(device text, t timestamptz, h timestamptz)
RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT p.online FROM analytics.presence p WHERE p.device_id = device AND p.at >= h AND p.at <= t
     ORDER BY p.at DESC, p.online DESC LIMIT 1),
    (SELECT CASE WHEN s.first_at = t THEN s.first_online ELSE s.last_online END
     FROM analytics.presence_spans s WHERE s.device_id = device AND s.first_at <= t AND s.first_at < h
     ORDER BY s.first_at DESC LIMIT 1),
    false)
$$;
DROP FUNCTION analytics.online_at(text, timestamptz);

CREATE OR REPLACE FUNCTION analytics.metric_online(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  WITH x AS MATERIALIZED (SELECT analytics.exact_horizon(v, t0, t1) AS h)
  SELECT d.product_id, 'total', NULL, count(*)::double precision
  FROM analytics.devices_at(v, t1) d CROSS JOIN x
  WHERE analytics.online_at(d.device_id, t1, x.h)
  GROUP BY d.product_id
$$;

-- As in migration 002, over spans: the state at `since`, then each span's seconds online from its first to
-- its last instant, and its state after that until the next span or t1.
CREATE OR REPLACE FUNCTION analytics.metric_uptime(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  WITH x AS MATERIALIZED (SELECT analytics.exact_horizon(v, t0, t1) AS h),
  d AS (
    SELECT y.device_id, y.product_id, greatest(t0, y.registered_at) AS since FROM analytics.devices_at(v, t1) y
  ),
  marks AS (
    SELECT d.device_id, d.since AS at, 0 AS rank, analytics.online_at(d.device_id, d.since, x.h) AS online,
      NULL::numeric AS seconds
    FROM d CROSS JOIN x
    UNION ALL
    SELECT d.device_id, m.at, m.rank, m.online, m.seconds
    FROM d CROSS JOIN x
    CROSS JOIN LATERAL analytics.presence_activity(d.device_id, x.h, d.since, t1) s
    CROSS JOIN LATERAL (VALUES (s.first_at, 1, NULL::boolean, s.online_seconds),
                               (s.last_at, 2, s.last_online, NULL::numeric)) m(at, rank, online, seconds)
  ),
  spans AS (
    SELECT m.device_id, m.online, m.seconds, m.at,
      lead(m.at, 1, t1) OVER (PARTITION BY m.device_id ORDER BY m.at, m.rank) AS until
    FROM marks m
  )
  SELECT d.product_id, 'onlineSeconds', NULL,
    coalesce(sum(coalesce(s.seconds, extract(epoch FROM s.until - s.at))) FILTER (WHERE s.online OR s.seconds IS NOT NULL), 0)::double precision
  FROM d LEFT JOIN spans s USING (device_id) GROUP BY d.product_id
  UNION ALL
  SELECT d.product_id, 'exposureSeconds', NULL, sum(extract(epoch FROM t1 - d.since))::double precision
  FROM d GROUP BY d.product_id
$$;

-- As in migration 002, over spans: a connection counts when an earlier connection or disconnection since the
-- registration exists, that is every connection since it but one at its first instant.
CREATE OR REPLACE FUNCTION analytics.metric_reconnects(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  WITH x AS MATERIALIZED (SELECT analytics.exact_horizon(v, t0, t1) AS h)
  SELECT d.product_id, 'total', NULL, sum(r.connects)::double precision
  FROM analytics.devices_at(v, t1) d CROSS JOIN x
  CROSS JOIN LATERAL (
    SELECT sum(s.connects) - CASE
        WHEN (array_agg(s.first_online ORDER BY s.first_at))[1] AND NOT EXISTS (
          SELECT 1 FROM analytics.presence_activity(d.device_id, x.h, d.registered_at, greatest(t0, d.registered_at)))
        THEN 1 ELSE 0 END AS connects
    FROM analytics.presence_activity(d.device_id, x.h, greatest(t0, d.registered_at), t1) s
  ) r
  WHERE r.connects > 0
  GROUP BY d.product_id
$$;

-- As in migration 004, with the device's presence read from the rollup before the vendor's horizon and raw
-- rows from it on (its spans are cut at its claims).
CREATE OR REPLACE FUNCTION analytics.activation_paths(v text, t0 timestamptz, t1 timestamptz)
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
  ),
  horizon AS MATERIALIZED (SELECT analytics.fact_horizon(v) AS at)
  SELECT c.device_id, c.product_id, c.claimed_at,
    CASE WHEN c.claimed_at IS NULL THEN NULL
      WHEN analytics.online_at(c.device_id, c.claimed_at, h.at) THEN c.claimed_at
      ELSE (SELECT min(s.first_connect_at)
            FROM analytics.presence_activity(c.device_id, h.at, c.claimed_at, 'infinity') s) END,
    c.claimed_at IS NOT NULL AND (
      EXISTS (
        SELECT 1 FROM analytics.message_days r
        WHERE r.vendor_id = v AND r.device_id = c.device_id
          AND r.day >= date_trunc('day', c.claimed_at + interval '168 hours', 'UTC')
          AND r.day < c.claimed_at + interval '336 hours'
          AND r.first_at < c.claimed_at + interval '336 hours' AND r.last_at >= c.claimed_at + interval '168 hours')
      OR EXISTS (
        SELECT 1 FROM analytics.device_messages m WHERE m.device_id = c.device_id AND m.vendor_id = v
          AND m.at >= greatest(c.claimed_at + interval '168 hours', h.at)
          AND m.at < c.claimed_at + interval '336 hours')),
    extract(epoch FROM least(
      (SELECT f.first_at FROM analytics.claim_first_messages f
       WHERE f.device_id = c.device_id AND f.claimed_at = c.claimed_at),
      (SELECT min(r.first_at) FROM analytics.message_days r
       WHERE r.vendor_id = v AND r.device_id = c.device_id AND r.day > c.claimed_at),
      (SELECT min(m.at) FROM analytics.device_messages m
       WHERE m.device_id = c.device_id AND m.vendor_id = v AND m.at >= greatest(c.claimed_at, h.at))
    ) - c.claimed_at)::double precision
  FROM cohort c CROSS JOIN horizon h
$$;
