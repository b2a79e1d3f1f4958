-- Up Migration
-- A person's Alexa link: the Login with Amazon tokens the skill's AcceptGrant gave, for sending their
-- ChangeReports to Alexa's event gateway; one per OAuth grant of the skill's client. The tokens are
-- Amazon's bearer tokens for this person's events only (scope alexa::async_event:write), kept as they are
-- because they are sent. Deleting the grant (its client, its user) deletes the link.
CREATE TABLE alexa_links (
  grant_id uuid PRIMARY KEY REFERENCES oauth_grants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  access_token text NOT NULL,
  access_token_expires_at timestamptz NOT NULL,
  refresh_token text NOT NULL,
  linked_at timestamptz NOT NULL
);
CREATE INDEX alexa_links_user ON alexa_links (user_id);

-- A grant that ends (revoked in Homeport, the skill disabled, a reused refresh token) ends its link in the
-- same transaction, whichever code ended it: Amazon's tokens are not kept past the person's consent.
CREATE FUNCTION alexa_links_end_with_grant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM public_api.alexa_links WHERE grant_id = NEW.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER alexa_links_end_with_grant AFTER UPDATE OF ended_at ON oauth_grants
  FOR EACH ROW WHEN (OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL)
  EXECUTE FUNCTION alexa_links_end_with_grant();

-- Down Migration
DROP TRIGGER alexa_links_end_with_grant ON oauth_grants;
DROP FUNCTION alexa_links_end_with_grant();
DROP TABLE alexa_links;
