-- Up Migration

-- A member's location sharing: paused (fixes ignored, unknown everywhere), and whether their raw positions
-- are kept (days) or dropped once evaluated (null, the default: no row means the defaults).
CREATE TABLE location_sharing (
  user_id uuid PRIMARY KEY,
  paused boolean NOT NULL,
  keep_positions_days integer CHECK (keep_positions_days BETWEEN 1 AND 365),
  updated_at bigint NOT NULL
);

-- Raw positions of members who opted in, deleted by the sweep past their retention (and at once on opting out).
CREATE TABLE kept_positions (
  user_id uuid NOT NULL,
  at bigint NOT NULL,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  accuracy_meters double precision NOT NULL,
  PRIMARY KEY (user_id, at)
);
CREATE INDEX kept_positions_by_time ON kept_positions (at);
