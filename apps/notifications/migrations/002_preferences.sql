-- Up Migration

-- A user's choices (NotificationPreferences of libs/contracts): a user without a row has the defaults
-- (src/domain/preferences.ts), computed from the addresses they have.
CREATE TABLE preferences (
  user_id uuid PRIMARY KEY,
  channels jsonb NOT NULL,
  quiet_hours jsonb,
  digest jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Browsers (Push API subscriptions) registered by the web console. The keys are what a message is encrypted
-- for; they are never answered back.
CREATE TABLE push_subscriptions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  endpoint text NOT NULL,
  p256dh text NOT NULL,
  auth text NOT NULL,
  label text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, endpoint)
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, created_at);

-- Installations of the mobile app: an FCM registration token or an APNs device token.
CREATE TABLE mobile_devices (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  platform text NOT NULL CHECK (platform IN ('fcm', 'apns')),
  token text NOT NULL,
  label text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, platform, token)
);
CREATE INDEX mobile_devices_user ON mobile_devices (user_id, created_at);

-- The number SMS go to, confirmed by a 6-digit code sent to it: only its SHA-256 (salted with the user id) is
-- kept, it expires, and a few wrong tries burn it.
CREATE TABLE phone_numbers (
  user_id uuid PRIMARY KEY,
  phone_number text NOT NULL,
  confirmed boolean NOT NULL DEFAULT false,
  code_hash text,
  code_expires_at timestamptz,
  code_attempts integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Held rows (quiet hours, the daily digest, the per-user rate limit) wait with status 'held' under a digest
-- key until next_attempt_at; the digest job turns the due ones of a user and channel into one outbox row
-- (digest_of links them to it) and settles them with it.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
  CHECK (status IN ('pending', 'held', 'digested', 'delivered', 'failed', 'suppressed', 'cancelled'));
ALTER TABLE outbox ADD COLUMN digest_key text;
ALTER TABLE outbox ADD COLUMN digest_of bigint REFERENCES outbox (id) ON DELETE SET NULL;
CREATE INDEX outbox_held_due ON outbox (next_attempt_at) WHERE status = 'held';
-- The rate limit counts a user's rows of a category on a channel in the last hour.
CREATE INDEX outbox_user_recent ON outbox (user_id, category, channel, created_at);
