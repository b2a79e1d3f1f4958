-- Up Migration
-- A home's zone may be a polygon (GeoJSON coordinates, one ring) instead of the circle of its location and
-- radius; users' own zones (work, school), each a circle or a polygon, seen by their user only (issue #18).
ALTER TABLE homes ADD COLUMN zone_polygon jsonb;

CREATE TABLE user_zones (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  latitude double precision,
  longitude double precision,
  radius_meters integer,
  polygon jsonb,
  notify boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, name),
  CHECK ((polygon IS NULL) = (latitude IS NOT NULL AND longitude IS NOT NULL AND radius_meters IS NOT NULL))
);

-- Down Migration
DROP TABLE user_zones;
ALTER TABLE homes DROP COLUMN zone_polygon;
