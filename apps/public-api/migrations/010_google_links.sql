-- Up Migration
-- Google Home (cloud-to-cloud): one link per OAuth grant Google holds, created at its first SYNC. Keyed on
-- the grant, so revoking the app (the user's unlink, Google's DISCONNECT, a reused refresh token) ends the
-- link with it: Report State only reaches links whose grant is live.
CREATE TABLE google_links (
  grant_id uuid PRIMARY KEY REFERENCES oauth_grants (id) ON DELETE CASCADE,
  -- Google's agentUserId: the Homeport user the grant is of.
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The devices the last SYNC answered: a released or moved device is no longer in the user's homes, yet
  -- Google must be asked to sync again to forget it.
  device_ids text[] NOT NULL,
  linked_at timestamptz NOT NULL,
  synced_at timestamptz NOT NULL
);
CREATE INDEX google_links_user ON google_links (user_id);
CREATE INDEX google_links_devices ON google_links USING gin (device_ids);

-- RFC 9700 §2.1.1: a confidential client may leave PKCE out (Google's account linking sends no challenge).
ALTER TABLE oauth_codes ALTER COLUMN code_challenge DROP NOT NULL;

-- Down Migration
DELETE FROM oauth_codes WHERE code_challenge IS NULL;
ALTER TABLE oauth_codes ALTER COLUMN code_challenge SET NOT NULL;
DROP TABLE google_links;
