-- Up Migration

-- Each home geofencing has seen a member of: whether it was occupied as last announced. Its row is what a
-- transaction locks (SELECT ... FOR UPDATE), so two members' fixes for one home are evaluated one after the
-- other and the occupancy they announce follows the members' statuses.
CREATE TABLE homes (
  home_id uuid PRIMARY KEY,
  occupied boolean NOT NULL DEFAULT false,
  changed_at bigint
);

-- A member's presence in a home, from their phone's fixes. No position is kept: only the status, the time
-- of the newest fix taken into account (older ones are ignored) and a pending exit.
CREATE TABLE member_presence (
  home_id uuid NOT NULL REFERENCES homes (home_id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('home', 'away', 'unknown')),
  last_fix_at bigint,
  exit_candidate_since bigint,
  exit_candidate_fixes integer NOT NULL DEFAULT 0,
  PRIMARY KEY (home_id, user_id)
);
CREATE INDEX member_presence_known_by_last_fix ON member_presence (last_fix_at) WHERE status <> 'unknown';

-- Events written by the transaction that decided them, published to homeport.events by the relay, then
-- deleted; `id` is their order and their AMQP message id, so a copy published again after a crash is
-- recognisable downstream.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  type text NOT NULL,
  payload jsonb NOT NULL,
  created_at bigint NOT NULL
);
