-- Up Migration

-- Raw message facts (device_messages) are kept for a bounded time (MESSAGE_FACTS_RETENTION_DAYS); before that,
-- each vendor's messages are kept as a daily rollup. A job rolls up each whole UTC day before the retention
-- horizon, then deletes its raw rows in batches (apps/analytics README, "Retention"). The figures read one
-- source, message_activity: the rollup before a vendor's horizon, raw rows from it on.

-- Where each vendor's raw rows end being the source: before `horizon` (a UTC midnight) its messages are in
-- message_days, and a raw row there (a late redelivery of a pruned message) is ignored and deleted. The job
-- moves it one day at a time, in the transaction that writes that day's rollup, only from the value it read:
-- two jobs at once roll a day up once.
CREATE TABLE message_horizons (
  vendor_id text PRIMARY KEY,
  horizon timestamptz NOT NULL
);

-- Each device's stored messages per UTC day, kind, event name and severity (null for states and telemetry):
-- how many, the first and the last.
CREATE TABLE message_days (
  vendor_id text NOT NULL,
  device_id text NOT NULL,
  day timestamptz NOT NULL, -- its UTC midnight
  kind text NOT NULL CHECK (kind IN ('state', 'telemetry', 'event')),
  event_name text,
  severity text,
  messages bigint NOT NULL,
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  UNIQUE NULLS NOT DISTINCT (vendor_id, device_id, day, kind, event_name, severity)
);
CREATE INDEX message_days_by_vendor_day ON message_days (vendor_id, day);

-- The first message at or after an owner change naming a home, within that change's UTC day, recorded when
-- the day is rolled up: the rollup's first message of the day may come before the claim, so the funnel's
-- "claim to first report" needs it kept (none when the device sent nothing later that day).
CREATE TABLE claim_first_messages (
  device_id text NOT NULL,
  claimed_at timestamptz NOT NULL,
  first_at timestamptz NOT NULL,
  PRIMARY KEY (device_id, claimed_at)
);

-- The horizon of vendor v's raw message facts; -infinity while none of its days is rolled up.
CREATE FUNCTION analytics.message_horizon(v text)
RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT h.horizon FROM analytics.message_horizons h WHERE h.vendor_id = v), '-infinity')
$$;

-- Vendor v's stored messages within [t0, t1) as rows (device, kind, event name, severity, count, first, last):
-- from the rollup for whole days before the horizon (a row per device, day and key), from raw rows from it
-- on (a row per device and key). Before the horizon only whole UTC days are known, so an edge there that is
-- not a UTC midnight raises SQLSTATE YH400 (Y: implementation-defined class; the service answers 400) naming
-- the horizon, rather than answering an approximation. Horizon, rollup and raw rows are read in the caller's
-- snapshot, where the job's rollup of a day commits with its horizon and before the day's deletes.
CREATE FUNCTION analytics.message_activity(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (
  device_id text, kind text, event_name text, severity text, messages bigint, first_at timestamptz,
  last_at timestamptz
)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  h timestamptz := analytics.message_horizon(v);
  edge timestamptz;
BEGIN
  FOREACH edge IN ARRAY ARRAY[t0, t1] LOOP
    IF edge < h AND edge <> date_trunc('day', edge, 'UTC') THEN
      RAISE EXCEPTION USING ERRCODE = 'YH400', MESSAGE = format(
        '%s is before %s, the horizon of this vendor''s raw message facts: before it messages are kept per '
        'UTC day, so a window or bucket edge there must be a UTC midnight',
        to_char(edge AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(h AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
    END IF;
  END LOOP;
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

CREATE OR REPLACE FUNCTION analytics.metric_messages(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT coalesce(d.product_id, 'unknown'), 'total', NULL, sum(m.messages)::double precision
  FROM analytics.message_activity(v, t0, t1) m LEFT JOIN analytics.devices d USING (device_id)
  GROUP BY 1
$$;

CREATE OR REPLACE FUNCTION analytics.metric_events(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT coalesce(d.product_id, 'unknown'), m.event_name || ':' || m.severity, NULL,
    sum(m.messages)::double precision
  FROM analytics.message_activity(v, t0, t1) m LEFT JOIN analytics.devices d USING (device_id)
  WHERE m.kind = 'event'
  GROUP BY 1, 2
$$;

CREATE OR REPLACE FUNCTION analytics.metric_active(v text, t0 timestamptz, t1 timestamptz)
RETURNS TABLE (product_id text, key text, label text, value double precision)
LANGUAGE sql STABLE AS $$
  SELECT coalesce(d.product_id, 'unknown'), 'total', NULL, count(DISTINCT m.device_id)::double precision
  FROM analytics.message_activity(v, t0, t1) m LEFT JOIN analytics.devices d USING (device_id)
  GROUP BY 1
$$;

-- As in migration 003, with a device's messages read from the rollup before the vendor's horizon and raw
-- rows from it on, both exact at any instant: "a message 7 to 14 days after the claim" from each day's first
-- and last message (a message within [a, b), b - a longer than a day, is on a day whose first is before b and
-- whose last is at or after a, and such a day holds one); "the first message at or after the claim" from the
-- message recorded for the claim when its day was rolled up, the first of each later rolled-up day, and raw
-- rows from the horizon on.
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
  horizon AS (SELECT analytics.message_horizon(v) AS at)
  SELECT c.device_id, c.product_id, c.claimed_at,
    CASE WHEN c.claimed_at IS NULL THEN NULL
      WHEN analytics.online_at(c.device_id, c.claimed_at) THEN c.claimed_at
      ELSE (SELECT min(p.at) FROM analytics.presence p
            WHERE p.device_id = c.device_id AND p.online AND p.at >= c.claimed_at) END,
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
