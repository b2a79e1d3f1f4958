import { Type, type Static } from 'typebox';
import { GeoJsonPolygon } from './geojson';
import { GeoPoint } from './public-api';

const Timestamp = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });

/** Zones a user may have of their own. */
export const maxUserZones = 20;

const ZoneCircle = Type.Object(
  { center: GeoPoint, radiusMeters: Type.Integer({ minimum: 10, maximum: 100_000 }) },
  { additionalProperties: false },
);

const userZoneFields = {
  name: Type.String({ minLength: 1, maxLength: 60, description: 'e.g. Work, School.' }),
  circle: Type.Optional(ZoneCircle),
  polygon: Type.Optional(GeoJsonPolygon),
  notify: Type.Boolean({ description: 'Tell the user by notification when they enter or leave it.' }),
};

const workExample = {
  name: 'Work',
  circle: { center: { latitude: 48.8867, longitude: 2.3431 }, radiusMeters: 150 },
  notify: true,
};

/** `POST /v1/account/zones` and `PUT /v1/account/zones/{zoneId}`: a circle or a polygon, exactly one. */
export const UserZoneRequest = Type.Object(userZoneFields, {
  additionalProperties: false,
  examples: [workExample],
});
export type UserZoneRequest = Static<typeof UserZoneRequest>;

const userZoneExample = {
  id: '8e2b6f4a-1c3d-4e5f-9a7b-0c1d2e3f4a5b',
  ...workExample,
  polygon: null,
  createdAt: '2026-12-01T08:00:00.000Z',
};

/** A zone of the user's own; only its user ever sees it. */
export const UserZoneResponse = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    circle: Type.Union([ZoneCircle, Type.Null()]),
    polygon: Type.Union([GeoJsonPolygon, Type.Null()]),
    notify: Type.Boolean(),
    createdAt: Timestamp,
  },
  { examples: [userZoneExample] },
);
export type UserZoneResponse = Static<typeof UserZoneResponse>;

/** The caller's own zones. */
export const UserZoneList = Type.Object(
  { items: Type.Array(UserZoneResponse) },
  { examples: [{ items: [userZoneExample] }] },
);
export type UserZoneList = Static<typeof UserZoneList>;

/** Path parameters of /v1/account/zones/:zoneId. */
export const UserZoneParams = Type.Object({ zoneId: Uuid });
export type UserZoneParams = Static<typeof UserZoneParams>;
