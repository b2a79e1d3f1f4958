-- Up Migration

-- The facts every figure is computed from. Each is written once however often its event arrives (a
-- redelivery, a re-publication): message ids where the publisher gives a stable one (state-workers' events,
-- device messages' envelopes, alert.fired), natural keys elsewhere (a device's presence at an instant, its
-- ownership at an instant). Figures are queries over these rows, never counters, so a day's report computed
-- twice from the same rows has the same numbers.

-- Devices of the registry (device.registered, device.deleted). A device id reused
-- after a deletion keeps one row: registered_at is its latest life's start, and a deleted_at before it
-- belongs to an earlier life. product_id is null for a device heard of before its registration.
CREATE TABLE devices (
  device_id text PRIMARY KEY,
  vendor_id text NOT NULL,
  product_id text,
  registered_at timestamptz,
  deleted_at timestamptz
);
CREATE INDEX devices_by_vendor ON devices (vendor_id, product_id);

-- Credentials issued (device.credential-issued): a device with one since its registration is credentialed.
CREATE TABLE device_credentials (
  credential_id text PRIMARY KEY,
  device_id text NOT NULL,
  issued_at timestamptz NOT NULL
);
CREATE INDEX device_credentials_by_device ON device_credentials (device_id, issued_at);

-- Owner changes (device.changed with change 'ownership' and its ownerId); owner_id null: released.
CREATE TABLE ownership_changes (
  device_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  owner_id text,
  PRIMARY KEY (device_id, changed_at)
);

-- Connections and disconnections (device.presence), the broker's clock.
CREATE TABLE presence (
  device_id text NOT NULL,
  at timestamptz NOT NULL,
  online boolean NOT NULL,
  PRIMARY KEY (device_id, at, online)
);

-- The messages a device sent that the platform stored: state changes, telemetry, device events.
CREATE TABLE device_messages (
  message_id text PRIMARY KEY,
  vendor_id text NOT NULL,
  device_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('state', 'telemetry', 'event')),
  event_name text,
  severity text,
  at timestamptz NOT NULL
);
CREATE INDEX device_messages_by_vendor_time ON device_messages (vendor_id, at);

-- Firmware versions as reported (reported-state property `firmware`), each change once.
CREATE TABLE firmware_reports (
  device_id text NOT NULL,
  at timestamptz NOT NULL,
  version text NOT NULL,
  PRIMARY KEY (device_id, at)
);

-- Battery levels (reported-state property or telemetry metric `battery`, percent): the latest reading of
-- each device in each hour, so a chatty device keeps 24 rows a day.
CREATE TABLE battery_readings (
  device_id text NOT NULL,
  hour timestamptz NOT NULL,
  at timestamptz NOT NULL,
  level double precision NOT NULL,
  PRIMARY KEY (device_id, hour)
);

-- alert.fired, once per alert.
CREATE TABLE alerts_fired (
  alert_id uuid PRIMARY KEY,
  vendor_id text NOT NULL,
  device_id text NOT NULL,
  rule_id uuid NOT NULL,
  rule_name text NOT NULL,
  fired_at timestamptz NOT NULL
);
CREATE INDEX alerts_fired_by_vendor_time ON alerts_fired (vendor_id, fired_at);

-- Daily reports as generated (by the schedule or on demand); the body is the API's JSON.
CREATE TABLE daily_reports (
  vendor_id text NOT NULL,
  day date NOT NULL,
  generated_at timestamptz NOT NULL,
  body jsonb NOT NULL,
  PRIMARY KEY (vendor_id, day)
);
