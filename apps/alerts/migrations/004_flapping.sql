-- Up Migration

-- Flap detection, per rule: more than flap_max_transitions fired/resolved transitions within
-- flap_window_seconds on a device marks the rule flapping there.
ALTER TABLE rules
  ADD COLUMN flap_max_transitions integer NOT NULL DEFAULT 6,
  ADD COLUMN flap_window_seconds integer NOT NULL DEFAULT 600;

-- Per rule and device: the times of its recent transitions (epoch ms, a JSON array) (those within the window, at most the limit
-- plus one), whether it is flapping, and the device's vendor and home for the flapping events. Written by
-- the transaction of each transition, under the row's lock, so replicas and restarts announce a change once.
ALTER TABLE rule_devices
  ADD COLUMN vendor_id text,
  ADD COLUMN home_id text,
  ADD COLUMN transitions jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN last_transition_at timestamptz,
  ADD COLUMN flapping boolean NOT NULL DEFAULT false;
CREATE INDEX rule_devices_flapping_idx ON rule_devices (last_transition_at) WHERE flapping;

-- Down Migration
DROP INDEX rule_devices_flapping_idx;
ALTER TABLE rule_devices DROP COLUMN flapping, DROP COLUMN last_transition_at, DROP COLUMN transitions,
  DROP COLUMN home_id, DROP COLUMN vendor_id;
ALTER TABLE rules DROP COLUMN flap_window_seconds, DROP COLUMN flap_max_transitions;
