-- Up Migration
-- Per-phone credentials of the OwnTracks app's HTTP mode (HTTP Basic): a user creates one per phone and can
-- revoke it. The username is public (shown in the list); the password is 256 random bits, stored as SHA-256
-- only and shown once. Positions are not stored here: public-api publishes them to geofencing.
CREATE TABLE owntracks_credentials (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  phone text NOT NULL,
  username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX owntracks_credentials_user ON owntracks_credentials (user_id) WHERE revoked_at IS NULL;

-- Down Migration
DROP TABLE owntracks_credentials;
