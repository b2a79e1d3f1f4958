-- Up Migration
-- device.command-finished events (README, "Commands"). A command has ended when the device acknowledged it
-- done, failed or rejected, or when it expired first. `finished_published_at` is set once RabbitMQ confirmed
-- its event; until then every replica's sweep may claim it for a lease (`finish_claimed_until`), so replicas
-- never publish one at the same time, and one that died while publishing leaves it to the next sweep.
ALTER TABLE commands ADD COLUMN finished_published_at timestamptz;
ALTER TABLE commands ADD COLUMN finish_claimed_until timestamptz;
-- Commands that ended before this migration were never announced and will not be: no burst of old events.
UPDATE commands SET finished_published_at = now()
  WHERE expires_at <= now() OR ack ->> 'status' IN ('done', 'failed', 'rejected');
-- The sweep's rows: the commands still running and those ended but not yet announced.
CREATE INDEX commands_unpublished_idx ON commands (expires_at) WHERE finished_published_at IS NULL;

-- Down Migration
DROP INDEX commands_unpublished_idx;
ALTER TABLE commands DROP COLUMN finish_claimed_until;
ALTER TABLE commands DROP COLUMN finished_published_at;
