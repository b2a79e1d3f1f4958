-- Up Migration
-- The outbox of account deletions: written in the transaction that deletes the user, so `user.deleted` cannot
-- be lost once the deletion committed; deleted once RabbitMQ confirmed the event (domain/account-deletion.ts).
-- No foreign key: the user row is gone by then.
CREATE TABLE account_deletions (
  user_id uuid PRIMARY KEY,
  deleted_at timestamptz NOT NULL
);

-- Down Migration
DROP TABLE account_deletions;
