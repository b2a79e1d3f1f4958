-- Up Migration
-- Vendor members (the users who work for a device maker) and the audit log.

-- vendor_id is broker-api's vendor id (another schema: no foreign key); broker-api owns the vendor itself.
CREATE TABLE vendor_members (
  vendor_id text NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'developer')),
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vendor_id, user_id)
);
CREATE INDEX vendor_members_user ON vendor_members (user_id);

-- Who did what to which home, vendor or device, when and from where. Rows are only ever added.
CREATE TABLE audit_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  action text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('succeeded', 'refused')),
  -- The actor: a user (actor_user_id) or a vendor's back end (actor_vendor_id), and the credential used.
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'vendor')),
  actor_user_id uuid,
  actor_vendor_id text,
  credential_kind text NOT NULL,
  credential_id text NOT NULL,
  address text NOT NULL,
  home_id uuid,
  vendor_id text,
  device_id text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_entries_home ON audit_entries (home_id, id) WHERE home_id IS NOT NULL;
CREATE INDEX audit_entries_vendor ON audit_entries (vendor_id, id) WHERE vendor_id IS NOT NULL;

-- Down Migration
DROP TABLE audit_entries;
DROP TABLE vendor_members;
