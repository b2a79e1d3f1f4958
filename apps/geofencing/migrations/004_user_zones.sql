-- Up Migration
-- A user's presence in each zone of their own (work, school): the same rules and state as a home member's,
-- without occupancy. No position is kept. The zones themselves live in public-api, which sends them with
-- every batch; a zone no longer sent is forgotten here (its row deleted).
CREATE TABLE user_zone_presence (
  user_id uuid NOT NULL,
  zone_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('home', 'away', 'unknown')),
  last_fix_at bigint,
  exit_candidate_since bigint,
  exit_candidate_fixes integer NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, zone_id)
);

-- Down Migration
DROP TABLE user_zone_presence;
