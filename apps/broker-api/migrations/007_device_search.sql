-- Up Migration
-- A vendor's device table searches by a case-insensitive prefix of the id or the name (GET /devices?search=,
-- `lower(x) LIKE 'prefix%'`). text_pattern_ops lets a btree answer LIKE prefixes whatever the database's
-- collation; both indexes lead with vendor_id, as every vendor's listing is scoped by it. Prefixes, not
-- substrings: pg_trgm would find substrings, but not with fewer than three characters, and a btree needs no
-- extension in the embedded PGlite.
CREATE INDEX devices_vendor_id_prefix_idx ON devices (vendor_id, lower(id) text_pattern_ops);
CREATE INDEX devices_vendor_name_prefix_idx ON devices (vendor_id, lower(name) text_pattern_ops);

-- Down Migration
DROP INDEX devices_vendor_name_prefix_idx;
DROP INDEX devices_vendor_id_prefix_idx;
