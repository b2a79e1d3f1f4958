-- Up Migration
-- public-api's transactional outbox (@homeport/storage's outbox, the columns of alerts' and broker-api's): an
-- account's deletion writes its `user.deleted` here in the transaction that deletes the user, so the event
-- cannot be lost once the deletion committed; the relay deletes the row once RabbitMQ confirmed it
-- (src/account-deletions.ts). A relay claims rows for a lease instead of holding a transaction while it
-- publishes: the embedded platform's PostgreSQL has one session, which the consumers of the event need.
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
