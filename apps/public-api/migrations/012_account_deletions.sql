-- Up Migration
-- The outbox of account deletions: written in the transaction that deletes the user, so `user.deleted` cannot
-- be lost once the deletion committed; deleted once RabbitMQ confirmed the event (domain/account-deletion.ts).
-- No foreign key: the user row is gone by then.
CREATE TABLE account_deletions (
  user_id uuid PRIMARY KEY,
  deleted_at timestamptz NOT NULL,
  -- A relay's lease while it publishes (no transaction is held meanwhile: the embedded platform's PostgreSQL
  -- has one session, which the consumers of the event need); past it, another round takes the row again.
  claimed_until timestamptz
);

-- Down Migration
DROP TABLE account_deletions;
