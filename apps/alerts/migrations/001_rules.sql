-- Up Migration

-- Alert rules. A rule is owned by a home (owner_home_id) or a vendor (owner_vendor_id), never both, and
-- watches one device (target_device_id) or every device of a product (target_vendor_id, target_product_id;
-- a home's product rule only the devices of that home). A device rule also keeps the device's vendor and
-- product, learned when it was created, so that its features can be checked again on an update.
-- `condition` and `clear` are the API's JSON (libs/contracts http/alerts-api.ts), kept as sent.
CREATE TABLE rules (
  id uuid PRIMARY KEY,
  owner_home_id uuid,
  owner_vendor_id text,
  target_device_id text,
  target_vendor_id text NOT NULL,
  target_product_id text NOT NULL,
  name text NOT NULL,
  condition jsonb NOT NULL,
  clear jsonb,
  for_seconds integer NOT NULL,
  severity text NOT NULL,
  message text NOT NULL,
  enabled boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((owner_home_id IS NULL) <> (owner_vendor_id IS NULL))
);
CREATE INDEX rules_home_idx ON rules (owner_home_id, created_at) WHERE owner_home_id IS NOT NULL;
CREATE INDEX rules_vendor_idx ON rules (owner_vendor_id, created_at) WHERE owner_vendor_id IS NOT NULL;

-- Down Migration
DROP TABLE rules;
