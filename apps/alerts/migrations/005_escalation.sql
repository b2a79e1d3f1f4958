-- Up Migration

-- Escalation of a critical rule's alerts (both null: none): an alert firing and unacknowledged
-- escalation_after_seconds after it fired is escalated, then again after each further interval, up to
-- escalation_max_level.
ALTER TABLE rules
  ADD COLUMN escalation_after_seconds integer,
  ADD COLUMN escalation_max_level integer,
  ADD CHECK ((escalation_after_seconds IS NULL) = (escalation_max_level IS NULL));

-- The level an alert reached: the sweep raises it by one in a conditional update (the row taken FOR UPDATE
-- SKIP LOCKED), with its alert.escalated event, so each level is published once across replicas and restarts.
ALTER TABLE alerts ADD COLUMN escalation_level integer NOT NULL DEFAULT 0;
CREATE INDEX alerts_unacknowledged_idx ON alerts (fired_at) WHERE status = 'firing' AND acknowledged_at IS NULL;

-- Down Migration
DROP INDEX alerts_unacknowledged_idx;
ALTER TABLE alerts DROP COLUMN escalation_level;
ALTER TABLE rules DROP COLUMN escalation_max_level, DROP COLUMN escalation_after_seconds;
