-- Up Migration

-- Acknowledging: who acknowledged a firing alert and when, and the snooze that acknowledgement asked for.
ALTER TABLE alerts
  ADD COLUMN acknowledged_at timestamptz,
  ADD COLUMN acknowledged_by uuid,
  ADD COLUMN snoozed_until timestamptz;
-- A home's history, newest first, paged by (pending_since, id).
CREATE INDEX alerts_home_history_idx ON alerts (home_id, pending_since DESC, id DESC);
CREATE INDEX alerts_rule_history_idx ON alerts (rule_id, pending_since DESC, id DESC);

-- What alerts remembers of a rule on one device beyond its alerts: a snooze (its events carry notify: false
-- until then). One row per rule and device that needed one, written by the transitions that change it.
CREATE TABLE rule_devices (
  rule_id uuid NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
  device_id text NOT NULL,
  snoozed_until timestamptz,
  PRIMARY KEY (rule_id, device_id)
);

-- A home's mutes of vendor rules: a muted rule is not evaluated for the home's devices. Only vendor rules
-- are muted (the API checks it); a home deletes or disables its own rules instead.
CREATE TABLE rule_mutes (
  home_id uuid NOT NULL,
  rule_id uuid NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
  muted_at timestamptz NOT NULL,
  PRIMARY KEY (home_id, rule_id)
);
CREATE INDEX rule_mutes_rule_idx ON rule_mutes (rule_id);

-- Down Migration
DROP TABLE rule_mutes;
DROP TABLE rule_devices;
DROP INDEX alerts_rule_history_idx;
DROP INDEX alerts_home_history_idx;
ALTER TABLE alerts DROP COLUMN snoozed_until, DROP COLUMN acknowledged_by, DROP COLUMN acknowledged_at;
