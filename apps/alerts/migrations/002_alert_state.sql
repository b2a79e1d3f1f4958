-- Up Migration

-- Alerts: one row per opening of a rule on a device. 'pending' (the condition holds, `due_at` is when its
-- `for` duration, or offline time, runs out), 'firing', then 'resolved'. A pending alert whose condition
-- stops holding is deleted: only what fired is history. The partial unique index is "at most one open alert
-- per rule and device": a second opening, from any replica, does nothing. `due_at` survives a restart, so the
-- sweep fires it on time; the pending -> firing update is conditional, so it fires once.
CREATE TABLE alerts (
  id uuid PRIMARY KEY,
  rule_id uuid NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
  vendor_id text NOT NULL,
  device_id text NOT NULL,
  home_id text,
  status text NOT NULL CHECK (status IN ('pending', 'firing', 'resolved')),
  value jsonb,
  pending_since timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  fired_at timestamptz,
  resolved_at timestamptz,
  resolved_value jsonb
);
CREATE UNIQUE INDEX alerts_open_idx ON alerts (rule_id, device_id) WHERE status IN ('pending', 'firing');
CREATE INDEX alerts_due_idx ON alerts (due_at) WHERE status = 'pending';
CREATE INDEX alerts_device_idx ON alerts (device_id, fired_at);

-- When alerts last heard from each device (any state, telemetry or event), written in batches once per
-- sweep rather than per message; the no-data rules are evaluated against it by the sweep, in SQL. The
-- device's product and home, as the directory answered, let a product rule find its devices there.
CREATE TABLE device_activity (
  device_id text PRIMARY KEY,
  vendor_id text NOT NULL,
  product_id text NOT NULL,
  home_id text,
  last_seen_at timestamptz NOT NULL
);

-- The transactional outbox: an alert event is written by the transaction that makes the transition, and a
-- relay publishes it (claiming rows for a lease, so replicas never publish one at once) and deletes it once
-- RabbitMQ confirmed. `message_id` is stable, so a re-send after a crash is a duplicate consumers drop.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  message_type text NOT NULL,
  message_id text NOT NULL UNIQUE,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  claimed_until timestamptz
);

-- Down Migration
DROP TABLE outbox;
DROP TABLE device_activity;
DROP TABLE alerts;
