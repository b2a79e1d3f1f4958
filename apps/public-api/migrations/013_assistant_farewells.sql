-- Up Migration
-- What an account's deletion still has to tell the voice assistants: Google's HomeGraph to delete the agent
-- user, Alexa a DeleteReport of the person's endpoints. Written in the transaction that deletes the user (the
-- links go with it), so a deletion that committed is told even when the provider is down; a row goes once told
-- or refused for good. The columns of the outbox (@homeport/storage claims them for a lease, which is the
-- retry's delay). An Alexa row carries the link's tokens as they were sealed (bound to its grant id), and only
-- until it is told.
CREATE TABLE assistant_farewells (
  id bigserial PRIMARY KEY,
  message_type text NOT NULL,
  message_id text NOT NULL UNIQUE,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  claimed_until timestamptz
);

-- Down Migration
DROP TABLE assistant_farewells;
