-- Up Migration
-- Claim codes: an unclaimed device's one-time code, stored only as its SHA-256 (README, "Claim codes").
-- owner_id is the home (public-api's home id) a claim put the device in; null while unclaimed.

ALTER TABLE devices ADD COLUMN claim_code_hash bytea;
-- A claim finds its device by the digest: one indexed UPDATE, and no two devices share a code.
CREATE UNIQUE INDEX devices_claim_code_idx ON devices (claim_code_hash) WHERE claim_code_hash IS NOT NULL;

-- Down Migration
DROP INDEX devices_claim_code_idx;
ALTER TABLE devices DROP COLUMN claim_code_hash;
