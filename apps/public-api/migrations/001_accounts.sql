-- Up Migration
-- Accounts, sessions and homes of public-api (schema public_api).

CREATE TABLE users (
  id uuid PRIMARY KEY,
  -- Lower-cased and trimmed by the service.
  email text NOT NULL UNIQUE,
  email_verified_at timestamptz,
  -- scrypt$N$r$p$salt$key (apps/public-api/src/domain/password-hashing.ts).
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Single-use tokens sent by email, stored as SHA-256 hashes.
CREATE TABLE email_tokens (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('email_verification', 'password_reset')),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose) WHERE used_at IS NULL;

-- A session is a family of refresh tokens: each refresh uses one and adds the next.
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  end_reason text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_live_by_user ON sessions (user_id) WHERE ended_at IS NULL;

CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE homes (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  time_zone text NOT NULL,
  latitude double precision,
  longitude double precision,
  radius_meters integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((latitude IS NULL) = (longitude IS NULL)),
  CHECK (radius_meters IS NULL OR latitude IS NOT NULL)
);

CREATE TABLE home_members (
  home_id uuid NOT NULL REFERENCES homes (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'member')),
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (home_id, user_id)
);
CREATE INDEX home_members_user ON home_members (user_id);

CREATE TABLE invitations (
  id uuid PRIMARY KEY,
  home_id uuid NOT NULL REFERENCES homes (id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'member')),
  invited_by uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invitations_pending_by_email ON invitations (email) WHERE accepted_at IS NULL;

-- Down Migration
DROP TABLE invitations;
DROP TABLE home_members;
DROP TABLE homes;
DROP TABLE refresh_tokens;
DROP TABLE sessions;
DROP TABLE email_tokens;
DROP TABLE users;
