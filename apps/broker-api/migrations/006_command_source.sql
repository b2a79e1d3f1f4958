-- Up Migration
-- Who asked for a command (owner, vendor, automation, assistant; null when the caller did not say), carried on
-- its device.command-finished event for analytics' feature usage.
ALTER TABLE commands ADD COLUMN source text
  CHECK (source IN ('owner', 'vendor', 'automation', 'assistant'));

-- Down Migration
ALTER TABLE commands DROP COLUMN source;
