-- Up Migration
-- Since when the device's history and commands are its current (or next) home's to read: set when a home
-- lets go of it (release, transfer, an operator's change of owner), so a device passed on never shows the
-- new home what the old one did. Null: no home has let go of it yet (everything it did is its home's).

ALTER TABLE devices ADD COLUMN history_since timestamptz;

-- Down Migration
ALTER TABLE devices DROP COLUMN history_since;
