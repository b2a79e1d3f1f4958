-- Up Migration
-- The platform's operators: people who see every service's health and the queues (GET /v1/operations/*).
-- Neither a vendor nor a home role: granted by the admin command (`node dist/admin.js operator --email`) or,
-- in the embedded platform only, with the operators' join code its banner prints.
CREATE TABLE platform_operators (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  -- How it was granted: 'admin-command' or 'join-code'.
  granted_with text NOT NULL CHECK (granted_with IN ('admin-command', 'join-code')),
  granted_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE platform_operators;
