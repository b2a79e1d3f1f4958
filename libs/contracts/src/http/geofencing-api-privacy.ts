import { Type, type Static } from 'typebox';

/**
 * Location privacy, kept by geofencing (internal API: `/users/:userId/location-sharing`,
 * `/homes/:homeId/presence`) and served by public-api as `/v1/account/location/sharing` (the caller's own)
 * and `/v1/homes/{homeId}/presence` (a home's members, home/away only: never a position).
 */
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

/** Longest a member may have their raw positions kept. */
export const maxKeptPositionsDays = 365;

/** A member's choice: whether their phones' fixes are used, and whether raw positions are kept, how long. */
export const LocationSharingRequest = Type.Object(
  {
    paused: Type.Boolean({
      description:
        'While paused, fixes are ignored and the member is unknown in every home (as after no fix).',
    }),
    keepPositionsDays: Type.Union(
      [Type.Integer({ minimum: 1, maximum: maxKeptPositionsDays }), Type.Null()],
      {
        description:
          'null (the default): positions are dropped once evaluated. Else kept this many days, then swept.',
      },
    ),
  },
  { additionalProperties: false, examples: [{ paused: false, keepPositionsDays: null }] },
);
export type LocationSharingRequest = Static<typeof LocationSharingRequest>;

/** A member's sharing as stored (updatedAt null: never changed, the defaults). */
export const LocationSharingResponse = Type.Object({
  ...LocationSharingRequest.properties,
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});
export type LocationSharingResponse = Static<typeof LocationSharingResponse>;

/** `/users/:userId/location-sharing` (internal). */
export const UserIdParams = Type.Object({ userId: Uuid });
export type UserIdParams = Static<typeof UserIdParams>;

/** Where a member is for their home: no position, no time of a fix. */
export const MemberPresenceStatus = Type.Union([
  Type.Literal('home'),
  Type.Literal('away'),
  Type.Literal('unknown'),
]);
export type MemberPresenceStatus = Static<typeof MemberPresenceStatus>;

/** A home's presence: whether it is occupied and each member's status (members never seen: unknown). */
export const HomePresenceResponse = Type.Object(
  {
    homeId: Uuid,
    occupied: Type.Boolean(),
    members: Type.Array(Type.Object({ userId: Uuid, status: MemberPresenceStatus })),
  },
  {
    examples: [
      {
        homeId: '0f9d3c52-8a1b-4b7e-b1f4-2c8e6a9d5e30',
        occupied: true,
        members: [
          { userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11', status: 'home' },
          { userId: '8a4c2e6f-1b3d-4f5a-9c7e-2d4f6a8b0c1e', status: 'unknown' },
        ],
      },
    ],
  },
);
export type HomePresenceResponse = Static<typeof HomePresenceResponse>;
