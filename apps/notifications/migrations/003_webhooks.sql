-- Up Migration

-- Webhooks are a channel of the outbox: a row per (messageId, endpoint) with dedup_key = the messageId
-- (`webhook-id`), recipient = the endpoint id, channel 'webhook', address = the endpoint id, template = the
-- event type, user_id NULL, and message = what the sender needs (url, secret, body). The outbox's shape
-- already allows a recipient that is not a user (invitees), so no column changes meaning.
-- 'abandoned': the endpoint was disabled or deleted before the row was delivered.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
  CHECK (status IN ('pending', 'held', 'digested', 'delivered', 'failed', 'suppressed', 'cancelled', 'abandoned'));
-- An endpoint's deliveries, newest first (GET /webhook-endpoints/{id}/deliveries), and its waiting ones.
CREATE INDEX outbox_webhook_endpoint ON outbox (recipient, id) WHERE channel = 'webhook';

ALTER TABLE delivery_log DROP CONSTRAINT delivery_log_outcome_check;
ALTER TABLE delivery_log ADD CONSTRAINT delivery_log_outcome_check
  CHECK (outcome IN ('delivered', 'transient', 'permanent', 'suppressed', 'abandoned'));
-- The HTTP status a provider answered, when it answered one (webhooks' lastStatusCode).
ALTER TABLE delivery_log ADD COLUMN status_code integer;

-- What notifications knows of a webhook endpoint (public-api owns the endpoint itself): since when every
-- attempt failed (NULL after any 2xx), and whether it gave up on it. A row exists once an attempt was made
-- or the endpoint was disabled. `announced_at` NULL with `disabled_at` set: webhook.endpoint-disabled is
-- still to be published (the announcer sweeps these, so a crash between the two loses nothing).
CREATE TABLE webhook_endpoints (
  endpoint_id uuid PRIMARY KEY,
  failing_since timestamptz,
  last_error text,
  disabled_at timestamptz,
  announced_at timestamptz,
  announce_lease_until timestamptz
);
CREATE INDEX webhook_endpoints_unannounced ON webhook_endpoints (disabled_at)
  WHERE disabled_at IS NOT NULL AND announced_at IS NULL;
