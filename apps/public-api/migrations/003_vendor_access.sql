-- Up Migration
-- Vendor API keys, and invitations to a vendor beside those to a home (one table, one way to accept).

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  -- broker-api's vendor id (another schema: no foreign key).
  vendor_id text NOT NULL,
  name text NOT NULL,
  -- SHA-256 (base64url) of the key's secret part; the key itself is shown once, at creation.
  secret_hash text NOT NULL,
  scopes text[] NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- Written at most once a minute per key, not on every request.
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_keys_vendor ON api_keys (vendor_id, created_at);

-- An invitation names a home (owner, member) or a vendor (admin, developer).
ALTER TABLE invitations ALTER COLUMN home_id DROP NOT NULL;
ALTER TABLE invitations ADD COLUMN vendor_id text;
ALTER TABLE invitations DROP CONSTRAINT invitations_role_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_target_role CHECK (
  (home_id IS NOT NULL AND vendor_id IS NULL AND role IN ('owner', 'member'))
  OR (vendor_id IS NOT NULL AND home_id IS NULL AND role IN ('admin', 'developer'))
);

-- Down Migration
DELETE FROM invitations WHERE vendor_id IS NOT NULL;
ALTER TABLE invitations DROP CONSTRAINT invitations_target_role;
ALTER TABLE invitations ADD CONSTRAINT invitations_role_check CHECK (role IN ('owner', 'member'));
ALTER TABLE invitations DROP COLUMN vendor_id;
ALTER TABLE invitations ALTER COLUMN home_id SET NOT NULL;
DROP TABLE api_keys;
