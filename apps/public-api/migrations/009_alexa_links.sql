-- Up Migration
-- A person's Alexa link: the Login with Amazon tokens the skill's AcceptGrant gave for sending their
-- ChangeReports to Alexa's event gateway, one per OAuth grant of the Alexa skill's client. The grant's
-- deletion (its client's, its user's) deletes the link; a link whose grant ended (revoked in Homeport, the
-- skill disabled) is not used, and is deleted by what ended it.
CREATE TABLE alexa_links (
  grant_id uuid PRIMARY KEY REFERENCES oauth_grants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  access_token text NOT NULL,
  access_token_expires_at timestamptz NOT NULL,
  refresh_token text NOT NULL,
  linked_at timestamptz NOT NULL
);
CREATE INDEX alexa_links_user ON alexa_links (user_id);

-- Down Migration
DROP TABLE alexa_links;
