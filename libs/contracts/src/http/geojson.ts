import { Type, type Static } from 'typebox';

/**
 * A GeoJSON Polygon (RFC 7946 §3.1.6): one closed ring of [longitude, latitude] positions. The schema bounds
 * its size; public-api then names what makes it unusable (findPolygonProblems): an open ring, a hole, a
 * position out of range, crossing edges, more than 200 vertices.
 */
export const GeoJsonPolygon = Type.Object(
  {
    type: Type.Literal('Polygon'),
    coordinates: Type.Array(Type.Array(Type.Array(Type.Number(), { maxItems: 3 }), { maxItems: 1000 }), {
      minItems: 1,
      maxItems: 10,
    }),
  },
  {
    additionalProperties: false,
    examples: [
      {
        type: 'Polygon',
        coordinates: [
          [
            [2.3752, 48.8716],
            [2.3783, 48.8716],
            [2.3783, 48.8731],
            [2.3752, 48.8731],
            [2.3752, 48.8716],
          ],
        ],
      },
    ],
  },
);
export type GeoJsonPolygon = Static<typeof GeoJsonPolygon>;
