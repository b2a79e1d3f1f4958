import { Type, type Static } from 'typebox';

/**
 * The OwnTracks app's JSON in HTTP mode (https://owntracks.org/booklet/tech/json/): every payload it would
 * publish over MQTT is POSTed as is. Only the fields Homeport reads are declared; the apps send more
 * (alt, vac, cog, conn, SSID, ...), which are allowed and ignored.
 */

const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const EpochSeconds = Type.Integer({ minimum: 0, description: 'UNIX epoch seconds.' });

/** `_type: location`: the phone's position. `acc` in meters, `vel` in km/h, `batt` in percent. */
export const OwnTracksLocation = Type.Object({
  _type: Type.Literal('location'),
  lat: Latitude,
  lon: Longitude,
  tst: EpochSeconds,
  acc: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100_000 })),
  vel: Type.Optional(Type.Number({ minimum: 0, maximum: 1260 })),
  batt: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  tid: Type.Optional(Type.String({ maxLength: 32 })),
});
export type OwnTracksLocation = Static<typeof OwnTracksLocation>;

/** `_type: transition`: the phone entered or left one of its own regions; carries where it was. */
export const OwnTracksTransition = Type.Object({
  _type: Type.Literal('transition'),
  event: Type.Union([Type.Literal('enter'), Type.Literal('leave')]),
  lat: Latitude,
  lon: Longitude,
  tst: EpochSeconds,
  acc: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100_000 })),
  wtst: Type.Optional(EpochSeconds),
  desc: Type.Optional(Type.String({ maxLength: 500 })),
  t: Type.Optional(Type.String({ maxLength: 8 })),
  tid: Type.Optional(Type.String({ maxLength: 32 })),
});
export type OwnTracksTransition = Static<typeof OwnTracksTransition>;

/** Examples in the shapes the apps send (the documentation's fields, with values of a phone in Paris). */
export const ownTracksExamples = {
  location: {
    _type: 'location',
    acc: 14,
    alt: 52,
    batt: 81,
    bs: 1,
    conn: 'w',
    created_at: 1763719262,
    lat: 48.87231,
    lon: 2.37702,
    m: 1,
    t: 'u',
    tid: 'ad',
    tst: 1763719260,
    vac: 3,
    vel: 0,
  },
  transition: {
    _type: 'transition',
    acc: 20,
    desc: 'Home',
    event: 'leave',
    lat: 48.87602,
    lon: 2.38518,
    rid: '6b2f4a1c',
    t: 'c',
    tid: 'ad',
    tst: 1763722800,
    wtst: 1763000000,
  },
} as const;

/** What the app is answered in HTTP mode: an array of payloads for it (cards, commands); Homeport sends none. */
export const OwnTracksAnswer = Type.Array(Type.Object({ _type: Type.String() }), {
  examples: [[]],
  description: 'Always empty: the app takes it as delivered.',
});
