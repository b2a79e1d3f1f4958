-- Up Migration

-- The current reported state of each device, merged per property: `versions` holds, per property, the
-- order key [seq, ts, receivedAt] (-1 when absent) of the message that last set it; a property is only
-- replaced by a message with a higher key, so a late, older message never overwrites newer state.
CREATE TABLE device_state (
  vendor_id text NOT NULL,
  device_id text NOT NULL,
  state jsonb NOT NULL,
  versions jsonb NOT NULL,
  -- Grows by one with every applied message; orders the Redis copy.
  revision bigint NOT NULL,
  -- What the last applied message changed (computed against the locked row, read back by RETURNING).
  last_changed jsonb NOT NULL,
  -- Device time (ts, else received-at) of the newest message merged, epoch ms.
  reported_at bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vendor_id, device_id)
);

-- One row per message that changed the state, written in the same statement as the state: the
-- state-changed event is published from it, again when the message is redelivered (a crash between the
-- write and the publish). Pruned after a retention period.
CREATE TABLE state_changes (
  vendor_id text NOT NULL,
  device_id text NOT NULL,
  message_id text NOT NULL,
  revision bigint NOT NULL,
  changed jsonb NOT NULL,
  state jsonb NOT NULL,
  seq bigint,
  reported_at bigint NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vendor_id, device_id, message_id)
);

CREATE INDEX state_changes_recorded_at ON state_changes (recorded_at);

-- Raised from inside the merge, so the limit holds against the locked row even under concurrency.
CREATE FUNCTION refuse_oversized_state(property_count bigint, max_properties integer) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the merged state would hold % properties, more than %', property_count, max_properties
    USING ERRCODE = 'HPS01';
END;
$$;

-- Down Migration
DROP FUNCTION refuse_oversized_state(bigint, integer);
DROP TABLE state_changes;
DROP TABLE device_state;
