-- Up Migration
-- The outbox takes the columns of @homeport/storage's shared outbox (alerts' migration 002, broker-api's 008):
-- the relay leases the rows it claims (`claimed_until`) instead of holding them locked in a transaction while
-- publishing, and each row carries the message id every copy of it is published under. Rows still waiting are
-- kept, in their order, under the id they were published under until now (`geofencing/<id>`), so a copy sent
-- before the upgrade and again after it is recognisable downstream.
ALTER TABLE outbox RENAME COLUMN type TO message_type;
ALTER TABLE outbox ADD COLUMN message_id text;
UPDATE outbox SET message_id = 'geofencing/' || id;
ALTER TABLE outbox ALTER COLUMN message_id SET NOT NULL;
ALTER TABLE outbox ADD CONSTRAINT outbox_message_id_key UNIQUE (message_id);
ALTER TABLE outbox
  ALTER COLUMN created_at TYPE timestamptz USING to_timestamp(created_at / 1000.0),
  ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;

-- Down Migration
ALTER TABLE outbox DROP COLUMN claimed_until;
ALTER TABLE outbox
  ALTER COLUMN created_at DROP DEFAULT,
  ALTER COLUMN created_at TYPE bigint USING (extract(epoch FROM created_at) * 1000)::bigint;
ALTER TABLE outbox DROP COLUMN message_id;
ALTER TABLE outbox RENAME COLUMN message_type TO type;
