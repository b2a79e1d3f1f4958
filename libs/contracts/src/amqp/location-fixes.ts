import { Type, type Static } from 'typebox';
import { GeoPoint } from '../http/public-api';
import { defineMessage, defineQueue } from './define';
import { userDeletedV1 } from './notifications';
import { platformEventsExchange } from './exchanges';

const EpochMs = Type.Integer({ minimum: 0, description: 'Epoch milliseconds.' });
const Uuid = Type.String({ format: 'uuid' });

/** Fixes one batch may carry, on the API and on the queue. */
export const maxLocationFixesPerBatch = 100;

/** One position of a phone, as its location service gave it. */
export const LocationFix = Type.Object(
  {
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    accuracyMeters: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100_000,
      description: 'Radius of 68% confidence around the point (what iOS and Android report).',
    }),
    at: Type.Integer({ minimum: 0, description: 'When the phone took the fix, epoch ms (its clock).' }),
    speedMetersPerSecond: Type.Optional(Type.Number({ minimum: 0, maximum: 350 })),
    batteryPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type LocationFix = Static<typeof LocationFix>;

/** A home's zone: a circle around its location, or a GeoJSON polygon ring (RFC 7946 §3.1.6, [lon, lat]). */
export const HomeZone = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('circle'),
      center: GeoPoint,
      radiusMeters: Type.Number({ minimum: 10, maximum: 100_000 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('polygon'),
      coordinates: Type.Array(
        Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 3 }), { minItems: 4, maxItems: 1000 }),
        { minItems: 1, maxItems: 1, description: 'One exterior ring, closed (first point = last point).' },
      ),
    },
    { additionalProperties: false },
  ),
]);
export type HomeZone = Static<typeof HomeZone>;

/**
 * A batch of fixes of one user's phone, posted to public-api (Homeport's endpoint or OwnTracks'), with the
 * zones of the user's homes as public-api knew them at that moment: geofencing keeps no copy of homes.
 */
export const locationFixesReportedV1 = defineMessage({
  name: 'location.fixes-reported',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    batchId: Uuid,
    userId: Uuid,
    source: Type.Union([Type.Literal('homeport'), Type.Literal('owntracks')]),
    phone: Type.String({ minLength: 1, maxLength: 100, description: 'The phone, as the user named it.' }),
    receivedAt: EpochMs,
    fixes: Type.Array(LocationFix, { minItems: 1, maxItems: maxLocationFixesPerBatch }),
    homes: Type.Array(Type.Object({ homeId: Uuid, zone: HomeZone }, { additionalProperties: false }), {
      maxItems: 100,
      description: "The user's homes that have a zone, each with its zone.",
    }),
    userZones: Type.Optional(
      Type.Array(
        Type.Object(
          {
            zoneId: Uuid,
            name: Type.String({ minLength: 1, maxLength: 60 }),
            zone: HomeZone,
            notify: Type.Boolean(),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: 20,
          description:
            "The user's own zones (work, school) as public-api knew them; absent from an older publisher " +
            '(then user zones are left as they were).',
        },
      ),
    ),
  }),
  example: {
    batchId: '7d1f2c9e-4b3a-4e8f-9c6d-2a5b8e1f0c37',
    userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
    source: 'owntracks',
    phone: "Ada's iPhone",
    receivedAt: 1763719260000,
    fixes: [
      { latitude: 48.87231, longitude: 2.37702, accuracyMeters: 65, at: 1763719200000, batteryPercent: 81 },
      {
        latitude: 48.87402,
        longitude: 2.38111,
        accuracyMeters: 12,
        at: 1763719255000,
        speedMetersPerSecond: 1.4,
        batteryPercent: 81,
      },
    ],
    homes: [
      {
        homeId: '0f9d3c52-8a1b-4b7e-b1f4-2c8e6a9d5e30',
        zone: { kind: 'circle', center: { latitude: 48.8722, longitude: 2.3767 }, radiusMeters: 150 },
      },
    ],
    userZones: [
      {
        zoneId: '8e2b6f4a-1c3d-4e5f-9a7b-0c1d2e3f4a5b',
        name: 'Work',
        zone: { kind: 'circle', center: { latitude: 48.8867, longitude: 2.3431 }, radiusMeters: 150 },
        notify: true,
      },
    ],
  },
  description:
    "Published by public-api for each accepted batch; geofencing evaluates the fixes against the homes' " +
    'zones. The fixes are not stored by public-api.',
});

/** The location fixes geofencing evaluates; declared by geofencing (consumer) and public-api (publisher). */
export const geofencingLocationFixesQueue = defineQueue({
  name: 'geofencing.location-fixes',
  messages: [locationFixesReportedV1],
  description: "Phones' location fixes with their user's home zones, for member presence and occupancy.",
});

/** Deleted accounts, whose presence and positions geofencing forgets; declared by geofencing and public-api. */
export const geofencingUserDeletionsQueue = defineQueue({
  name: 'geofencing.user-deletions',
  messages: [userDeletedV1],
  description:
    "Deleted accounts: geofencing forgets the person's presence (occupancy recounted), positions, sharing.",
});
