import { Type, type Static } from 'typebox';
import { maxLocationFixesPerBatch } from '../amqp/location-fixes';

const Timestamp = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });
const PhoneName = Type.String({ minLength: 1, maxLength: 100 });

/** One fix as a phone posts it to `POST /v1/account/location/fixes`. */
export const PostedLocationFix = Type.Object(
  {
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    accuracyMeters: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    timestamp: Type.String({ format: 'date-time', description: 'When the phone took the fix.' }),
    speedMetersPerSecond: Type.Optional(Type.Number({ minimum: 0, maximum: 350 })),
    batteryPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type PostedLocationFix = Static<typeof PostedLocationFix>;

/** `POST /v1/account/location/fixes`: a batch of the caller's phone's fixes, oldest first or not. */
export const PostLocationFixesRequest = Type.Object(
  {
    phone: PhoneName,
    fixes: Type.Array(PostedLocationFix, { minItems: 1, maxItems: maxLocationFixesPerBatch }),
  },
  {
    additionalProperties: false,
    examples: [
      {
        phone: "Ada's Pixel",
        fixes: [
          {
            latitude: 48.87231,
            longitude: 2.37702,
            accuracyMeters: 18,
            timestamp: '2026-11-21T10:00:00.000Z',
            speedMetersPerSecond: 0.4,
            batteryPercent: 81,
          },
        ],
      },
    ],
  },
);
export type PostLocationFixesRequest = Static<typeof PostLocationFixesRequest>;

/** The answer to a batch: accepted for evaluation (202). */
export const LocationFixesAccepted = Type.Object(
  { batchId: Uuid, accepted: Type.Integer({ minimum: 0 }) },
  { examples: [{ batchId: '7d1f2c9e-4b3a-4e8f-9c6d-2a5b8e1f0c37', accepted: 1 }] },
);
export type LocationFixesAccepted = Static<typeof LocationFixesAccepted>;

/** `POST /v1/account/location/owntracks-credentials`: a phone's HTTP Basic credential for the OwnTracks app. */
export const CreateOwnTracksCredentialRequest = Type.Object(
  { phone: PhoneName },
  { additionalProperties: false, examples: [{ phone: "Ada's iPhone" }] },
);
export type CreateOwnTracksCredentialRequest = Static<typeof CreateOwnTracksCredentialRequest>;

const credentialExample = {
  id: '3c1a9e77-0d52-4f4b-8e2f-61b7a0c4d9e1',
  phone: "Ada's iPhone",
  username: 'ot-3c1a9e770d524f4b',
  createdAt: '2026-11-21T09:31:00.000Z',
  lastUsedAt: null,
};

/** An OwnTracks credential (its password never: shown once, at creation). */
export const OwnTracksCredential = Type.Object(
  {
    id: Uuid,
    phone: Type.String(),
    username: Type.String({ description: "The app's Identification > UserID." }),
    createdAt: Timestamp,
    lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { examples: [credentialExample] },
);
export type OwnTracksCredential = Static<typeof OwnTracksCredential>;

/** A new credential, with its password and the URL to enter in the app's HTTP mode. */
export const CreatedOwnTracksCredential = Type.Object(
  {
    credential: OwnTracksCredential,
    password: Type.String({ description: "The app's Identification > Password; shown once." }),
    url: Type.String({ description: "The app's Connection > Host (mode HTTP)." }),
  },
  {
    examples: [
      {
        credential: credentialExample,
        password: 'otp_Xk2v9QmR4tLw8ZyB1nC6pJ0sHf3dG7aE5uK2iO4xY9w',
        url: 'https://api.homeport.example/v1/owntracks',
      },
    ],
  },
);
export type CreatedOwnTracksCredential = Static<typeof CreatedOwnTracksCredential>;

/** The caller's OwnTracks credentials. */
export const OwnTracksCredentialList = Type.Object(
  { items: Type.Array(OwnTracksCredential) },
  { examples: [{ items: [credentialExample] }] },
);
export type OwnTracksCredentialList = Static<typeof OwnTracksCredentialList>;

/** Path parameters of `/v1/account/location/owntracks-credentials/{credentialId}`. */
export const OwnTracksCredentialParams = Type.Object({ credentialId: Uuid });
export type OwnTracksCredentialParams = Static<typeof OwnTracksCredentialParams>;
