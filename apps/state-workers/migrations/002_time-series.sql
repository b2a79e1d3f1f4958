-- Up Migration

-- Time-series points, for deployments without InfluxDB (the embedded mode on PGlite): the same model as
-- InfluxDB's, one row per point. A series is a measurement and its tag set; `series_key` is the tags'
-- jsonb text, which is canonical (jsonb orders keys and keeps one value per key), so tags given in any
-- order name the same series. A point written again with the same measurement, tags and time merges its
-- fields into the row (see src/adapters/pg-time-series-sink.ts), as InfluxDB does.
CREATE TABLE time_series_points (
  measurement text NOT NULL,
  series_key text GENERATED ALWAYS AS (tags::text) STORED,
  -- Tag name -> value (strings; a tag with an empty value is left out, as InfluxDB leaves it out).
  tags jsonb NOT NULL,
  -- Field name -> number, boolean or string.
  fields jsonb NOT NULL,
  -- Millisecond precision, like the points InfluxDB stores for state-workers.
  time timestamptz(3) NOT NULL,
  PRIMARY KEY (measurement, series_key, time)
);

-- The points of one device in a time range: WHERE measurement = $1 AND tags->>'vendor_id' = $2
-- AND tags->>'device_id' = $3 AND time >= $4 AND time < $5 (every state-workers point carries both tags).
CREATE INDEX time_series_points_device_time
  ON time_series_points (measurement, (tags->>'vendor_id'), (tags->>'device_id'), time);

-- Down Migration
DROP TABLE time_series_points;
