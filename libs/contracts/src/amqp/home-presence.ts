import { Type } from 'typebox';
import { defineMessage } from './define';
import { platformEventsExchange } from './exchanges';

const EpochMs = Type.Integer({ minimum: 0, description: 'Epoch milliseconds.' });
const Uuid = Type.String({ format: 'uuid' });

const homeId = '0f9d3c52-8a1b-4b7e-b1f4-2c8e6a9d5e30';
const userId = '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11';

/** A member of a home became present: one good fix inside the home's zone. */
export const homeMemberArrivedV1 = defineMessage({
  name: 'home.member-arrived',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({ homeId: Uuid, userId: Uuid, at: EpochMs, detectedAt: EpochMs }),
  example: { homeId, userId, at: 1763719200000, detectedAt: 1763719201250 },
  description:
    'Published by geofencing (through its outbox, at least once, same message id on every copy). `at`: the ' +
    'fix that decided it; `detectedAt`: when geofencing evaluated it.',
});

/** A member of a home is no longer present: confirmed outside its zone, or no fix for too long. */
export const homeMemberLeftV1 = defineMessage({
  name: 'home.member-left',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    homeId: Uuid,
    userId: Uuid,
    reason: Type.Union([Type.Literal('exited'), Type.Literal('no-recent-fix')], {
      description: '`exited`: confirmed outside the zone and its margin; `no-recent-fix`: presence unknown.',
    }),
    at: EpochMs,
    detectedAt: EpochMs,
  }),
  example: { homeId, userId, reason: 'exited', at: 1763722800000, detectedAt: 1763722801100 },
  description: 'Published by geofencing through its outbox; `at` is the fix that confirmed the exit.',
});

/** A home became occupied (its first member arrived) or empty (its last member left). */
export const homeOccupancyChangedV1 = defineMessage({
  name: 'home.occupancy-changed',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    homeId: Uuid,
    occupied: Type.Boolean(),
    membersHome: Type.Integer({ minimum: 0 }),
    at: EpochMs,
  }),
  example: { homeId, occupied: false, membersHome: 0, at: 1763722801100 },
  description:
    'Published by geofencing in the same transaction as the member event that changed it, right after it.',
});

const zoneId = '8e2b6f4a-1c3d-4e5f-9a7b-0c1d2e3f4a5b';
const userZoneFields = {
  userId: Uuid,
  zoneId: Uuid,
  zoneName: Type.String({ minLength: 1, maxLength: 60 }),
  notify: Type.Boolean({ description: "The user asked to be told of it (their zone's `notify`)." }),
  at: EpochMs,
  detectedAt: EpochMs,
};

/**
 * A user entered a zone of their own (work, school): one good fix inside it. For that user alone: no other
 * member of their homes is told, and the event carries no position.
 */
export const userZoneEnteredV1 = defineMessage({
  name: 'user.zone-entered',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object(userZoneFields),
  example: { userId, zoneId, zoneName: 'Work', notify: true, at: 1763712600000, detectedAt: 1763712601320 },
  description:
    'Published by geofencing through its outbox (at least once, same message id on every copy), with the ' +
    "same rules as a home's arrival; `at`: the fix that decided it.",
});

/** A user left a zone of their own: confirmed outside it and its margin (as a home's exit). */
export const userZoneLeftV1 = defineMessage({
  name: 'user.zone-left',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object(userZoneFields),
  example: { userId, zoneId, zoneName: 'Work', notify: true, at: 1763741400000, detectedAt: 1763741400980 },
  description: 'Published by geofencing through its outbox; `at` is the fix that confirmed the exit.',
});
