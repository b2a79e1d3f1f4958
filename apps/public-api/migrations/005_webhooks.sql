-- Up Migration
-- Webhook endpoints (apps/public-api README, "Webhooks"). public-api owns them and matches events to them;
-- the notifications service delivers and keeps the delivery log (its own schema).

-- An endpoint belongs to a user (user_id; with oauth_client_id when an OAuth client created it for the
-- user: that client sees only those) or to a vendor (vendor_id: broker-api's id, another schema, no foreign
-- key). Leaving a home needs no change here: matching joins home_members at matching time. secret is kept
-- as given (whsec_...): notifications signs each delivery with it.
CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY,
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  oauth_client_id uuid REFERENCES oauth_clients (id) ON DELETE CASCADE,
  vendor_id text,
  home_id uuid REFERENCES homes (id) ON DELETE CASCADE,
  url text NOT NULL,
  event_types text[] NOT NULL,
  description text,
  secret text NOT NULL,
  disabled_at timestamptz,
  disabled_reason text,
  -- When it was last re-enabled: a disabling decided before it (a late or redelivered message) is ignored.
  enabled_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK ((user_id IS NULL) <> (vendor_id IS NULL)),
  CHECK (vendor_id IS NULL OR (home_id IS NULL AND oauth_client_id IS NULL))
);
CREATE INDEX webhook_endpoints_user ON webhook_endpoints (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX webhook_endpoints_vendor ON webhook_endpoints (vendor_id) WHERE vendor_id IS NOT NULL;

-- Down Migration
DROP TABLE webhook_endpoints;
