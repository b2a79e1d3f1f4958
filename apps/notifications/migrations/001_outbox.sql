-- Up Migration

-- What notifications knows of each user, fed by public-api's user.contact-changed / user.deleted events: the
-- newest change (by the publisher's `changed_at`) wins, and a deleted user stays as a tombstone so that a
-- late contact change cannot bring them back.
CREATE TABLE recipients (
  user_id uuid PRIMARY KEY,
  email text,
  email_verified boolean NOT NULL DEFAULT false,
  locale text,
  time_zone text,
  changed_at bigint NOT NULL,
  deleted_at bigint
);

-- One row per message to send on one channel. The unique key makes a redelivered request a no-op, so a
-- message is queued once however often its request arrives. `message` is rendered when the request is
-- accepted (what the channel's sender takes). `next_attempt_at` is when the row is next due: now, after a
-- backoff, or (next slice) the end of the user's quiet hours. `lease_until` is set by the replica that
-- claimed the row; a row whose lease ran out (its replica died) is due again.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  dedup_key text NOT NULL,
  -- The user's id, or the address for someone without an account (an invitee).
  recipient text NOT NULL,
  channel text NOT NULL,
  user_id uuid,
  category text NOT NULL,
  severity text NOT NULL,
  template text NOT NULL,
  address text NOT NULL,
  message jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'delivered', 'failed', 'suppressed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  UNIQUE (dedup_key, recipient, channel)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_user_pending ON outbox (user_id) WHERE status = 'pending';

-- Every attempt to hand a message to a provider, and every decision not to (suppressed address).
CREATE TABLE delivery_log (
  id bigserial PRIMARY KEY,
  outbox_id bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  user_id uuid,
  channel text NOT NULL,
  provider text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('delivered', 'transient', 'permanent', 'suppressed')),
  reason text,
  provider_message_id text,
  attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_log_outbox ON delivery_log (outbox_id);
CREATE INDEX delivery_log_user ON delivery_log (user_id, attempted_at DESC);

-- Addresses a provider called dead (SMTP 5xx on the recipient, a push subscription gone): nothing more is
-- sent to them.
CREATE TABLE suppressed_addresses (
  channel text NOT NULL,
  address text NOT NULL,
  reason text NOT NULL,
  suppressed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, address)
);
