-- Up Migration
-- The transactional outbox of device.changed events (README, "Device changes"): a change of a device's desired
-- state, record or home writes its event here in the transaction that makes it, and the relay publishes it
-- (claiming rows for a lease, so replicas never publish one at once) and deletes it once RabbitMQ confirmed.
-- `message_id` is stable, so a re-send after a crash is a duplicate consumers can drop. The columns are those
-- of @homeport/storage's outbox (alerts' outbox has the same).
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
