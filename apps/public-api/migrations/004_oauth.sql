-- Up Migration
-- OAuth 2.0 (registered clients, codes, grants, their refresh and access tokens) and personal access tokens.
-- Every secret (client secret, code, token) is stored as its SHA-256 (domain/secret-tokens.ts).

-- A vendor's registered client. vendor_id is broker-api's vendor id (another schema: no foreign key).
-- Deleting a client deletes its codes, grants and tokens (ON DELETE CASCADE): they stop working at once.
CREATE TABLE oauth_clients (
  id uuid PRIMARY KEY,
  vendor_id text NOT NULL,
  name text NOT NULL,
  redirect_uris text[] NOT NULL,
  grant_types text[] NOT NULL,
  scopes text[] NOT NULL,
  -- NULL for a public client (PKCE, no secret).
  secret_hash text,
  created_at timestamptz NOT NULL
);
CREATE INDEX oauth_clients_vendor ON oauth_clients (vendor_id);

-- A user's authorization of a client: a family of rotating refresh tokens, shaped like sessions so that
-- both rotate with one statement set (adapters/pg-token-families.ts).
CREATE TABLE oauth_grants (
  id uuid PRIMARY KEY,
  client_id uuid NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  scopes text[] NOT NULL,
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  end_reason text,
  created_at timestamptz NOT NULL
);
CREATE INDEX oauth_grants_live_by_user ON oauth_grants (user_id, client_id) WHERE ended_at IS NULL;

CREATE TABLE oauth_refresh_tokens (
  token_hash text PRIMARY KEY,
  grant_id uuid NOT NULL REFERENCES oauth_grants (id) ON DELETE CASCADE,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oauth_refresh_tokens_grant ON oauth_refresh_tokens (grant_id);

-- Authorization codes (RFC 6749 §4.1.2): single use. grant_id is the id their exchange gives the grant
-- (chosen at approval, so the audit entry names it; no foreign key: the grant comes later), ended when the
-- code comes back.
CREATE TABLE oauth_codes (
  code_hash text PRIMARY KEY,
  client_id uuid NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  redirect_uri text NOT NULL,
  code_challenge text NOT NULL,
  scopes text[] NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  grant_id uuid NOT NULL
);
CREATE INDEX oauth_codes_unused_by_user ON oauth_codes (user_id, client_id) WHERE used_at IS NULL;

-- Opaque access tokens: of a user's grant, or of a client itself (client credentials: grant_id NULL).
CREATE TABLE oauth_access_tokens (
  token_hash text PRIMARY KEY,
  client_id uuid NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
  grant_id uuid REFERENCES oauth_grants (id) ON DELETE CASCADE,
  scopes text[] NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX oauth_access_tokens_grant ON oauth_access_tokens (grant_id) WHERE grant_id IS NOT NULL;

-- Owners' tokens for their scripts; expires_at NULL: until revoked.
CREATE TABLE personal_access_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  expires_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX personal_access_tokens_user ON personal_access_tokens (user_id) WHERE revoked_at IS NULL;

-- Down Migration
DROP TABLE personal_access_tokens;
DROP TABLE oauth_access_tokens;
DROP TABLE oauth_codes;
DROP TABLE oauth_refresh_tokens;
DROP TABLE oauth_grants;
DROP TABLE oauth_clients;
