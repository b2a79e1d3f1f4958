-- Up Migration

-- A home's automations, set by its owners through public-api (which checks the devices and their features).
CREATE TABLE automations (
  id uuid PRIMARY KEY,
  home_id uuid NOT NULL,
  name text NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('home-empty', 'first-arrival')),
  enabled boolean NOT NULL,
  actions jsonb NOT NULL,
  restore boolean NOT NULL,
  on_the_way_home_meters integer,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX automations_by_home ON automations (home_id, trigger) WHERE enabled;

-- A run is written by the transaction of the occupancy change that causes it (the outbox's way), so a crash
-- after the change cannot lose it; the worker executes it, retries it, and keeps what it did as the log.
-- `changes` holds, per device, the values found before the run (captured before anything is set, so a retry
-- after a crash does not capture its own values) and the result.
CREATE TABLE automation_runs (
  id uuid PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  automation_id uuid NOT NULL,
  automation_name text NOT NULL,
  home_id uuid NOT NULL,
  cause text NOT NULL CHECK (cause IN ('home-empty', 'first-arrival', 'on-the-way-home')),
  user_id uuid,
  actions jsonb NOT NULL,
  restore boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  last_error text,
  changes jsonb,
  created_at bigint NOT NULL,
  finished_at bigint
);
CREATE INDEX automation_runs_due ON automation_runs (next_attempt_at) WHERE status = 'pending';
CREATE INDEX automation_runs_by_home ON automation_runs (home_id, seq DESC);

-- "On the way home": how far beyond the zone the member's last accurate fix was, and when (a distance, not a
-- position), so that the next batch can tell whether they are getting closer. Cleared when they arrive.
ALTER TABLE member_presence ADD COLUMN approach_meters double precision, ADD COLUMN approach_at bigint;
CREATE INDEX automation_runs_on_the_way ON automation_runs (automation_id, created_at)
  WHERE cause = 'on-the-way-home';
