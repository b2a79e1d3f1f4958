-- Up Migration
-- The reported state has one owner, state-workers: a shadow reads its cached current state (README, "Shadows"),
-- so broker-api's copy goes, and with it the rows kept only for a copy (no desired state yet): a device without
-- a row has the empty desired state at version 0, as before. broker-api's bus deletes the copy's queue
-- (`broker-api.reported-state`, contracts' retiredQueues).
DELETE FROM device_shadows WHERE desired_version = 0;
ALTER TABLE device_shadows DROP COLUMN reported, DROP COLUMN reported_seq, DROP COLUMN reported_at;

-- Down Migration
-- The copy comes back empty; it fills again from state changes once a broker-api that keeps it runs.
ALTER TABLE device_shadows ADD COLUMN reported jsonb, ADD COLUMN reported_seq bigint, ADD COLUMN reported_at timestamptz;
