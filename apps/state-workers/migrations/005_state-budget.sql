-- Up Migration

-- The state budget of contracts (maxDeviceStateBytes, 64 KiB): a merge that would take a device's state
-- beyond it fails with this constraint (SQLSTATE 23514) and the statement rolls back, so the device's
-- state stays as it was; state-workers refuse that report alone (DEVICE_STATE_TOO_LARGE). Measured on
-- jsonb's text, which prints a space after each ':' and ',': a little stricter than the compact JSON the
-- budget is defined on, never looser. A constraint rather than a check in merge_reported_batch, so that
-- every writer of the table is held to it. NOT VALID: rows stored before are not rescanned.
ALTER TABLE device_state
  ADD CONSTRAINT device_state_within_budget CHECK (octet_length(state::text) <= 65536) NOT VALID;

-- Down Migration
ALTER TABLE device_state DROP CONSTRAINT device_state_within_budget;
