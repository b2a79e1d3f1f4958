-- Up Migration
-- Who was told of each alert of the alerts service (its firing, its escalations), so that its resolution
-- tells those same people whichever replica handles it; the alert's rows go once the resolution is requested.
-- No foreign key to the alert: alerts live in the alerts service's schema.
CREATE TABLE alert_notices (
  alert_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  told_at timestamptz NOT NULL,
  PRIMARY KEY (alert_id, user_id)
);

-- Down Migration
DROP TABLE alert_notices;
