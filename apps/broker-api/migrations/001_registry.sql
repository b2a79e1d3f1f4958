-- Up Migration
-- The device registry, credentials, shadows and commands of broker-api (schema broker_api).

CREATE TABLE vendors (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  vendor_id text NOT NULL REFERENCES vendors (id) ON DELETE RESTRICT,
  id text NOT NULL,
  name text NOT NULL,
  features text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vendor_id, id)
);

-- A device id is global: it is the device's MQTT client id, unique across the broker.
CREATE TABLE devices (
  id text PRIMARY KEY,
  vendor_id text NOT NULL,
  product_id text NOT NULL,
  name text,
  owner_id text,
  online boolean NOT NULL DEFAULT false,
  last_seen_at timestamptz,
  -- The connection that set `online`; a disconnect of an older connection (taken over) changes nothing.
  connection_id text,
  connected_since timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (vendor_id, product_id) REFERENCES products (vendor_id, id) ON DELETE RESTRICT
);
CREATE INDEX devices_vendor_idx ON devices (vendor_id, id);
CREATE INDEX devices_owner_idx ON devices (owner_id, id) WHERE owner_id IS NOT NULL;

CREATE TABLE device_credentials (
  id text PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  -- HMAC-SHA-256(pepper, secret): see README, "Hashing".
  secret_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX device_credentials_device_idx ON device_credentials (device_id) WHERE revoked_at IS NULL;

-- Append-only log the revocation sweep of every replica reads (also written when a device is deleted,
-- which removes its credentials).
CREATE TABLE credential_revocations (
  credential_id text NOT NULL,
  device_id text NOT NULL,
  revoked_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX credential_revocations_time_idx ON credential_revocations (revoked_at);

CREATE TABLE device_shadows (
  device_id text PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
  desired jsonb NOT NULL DEFAULT '{}',
  desired_version integer NOT NULL DEFAULT 0,
  desired_updated_at timestamptz,
  reported jsonb,
  reported_seq bigint,
  reported_at timestamptz
);

CREATE TABLE commands (
  id text PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  name text NOT NULL,
  params jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  delivered_at timestamptz,
  acked_at timestamptz,
  ack jsonb
);
CREATE INDEX commands_pending_idx ON commands (device_id, expires_at) WHERE acked_at IS NULL;
CREATE INDEX commands_device_idx ON commands (device_id, created_at DESC);

-- Down Migration
DROP TABLE commands;
DROP TABLE device_shadows;
DROP TABLE credential_revocations;
DROP TABLE device_credentials;
DROP TABLE devices;
DROP TABLE products;
DROP TABLE vendors;
