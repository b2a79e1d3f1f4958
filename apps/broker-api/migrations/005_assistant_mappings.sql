-- Up Migration
-- How a product's features map to voice-assistant capabilities (contracts' AssistantMapping), declared by its
-- vendor and checked against the features when saved. NULL: its devices are not exposed to assistants.
ALTER TABLE products ADD COLUMN assistant_mapping jsonb;

-- Down Migration
ALTER TABLE products DROP COLUMN assistant_mapping;
