import { Type, type Static } from 'typebox';

/**
 * GET /v1/console/settings: what the web console needs from the deployment, read before sign-in (no
 * secret in it). `mapTilesUrl`: the map tiles' address template (`{z}`, `{x}`, `{y}`), null without tiles
 * (the zone editor then draws a grid with coordinates).
 */
export const ConsoleSettingsResponse = Type.Object(
  {
    mapTilesUrl: Type.Union([Type.String(), Type.Null()], {
      description:
        'A z/x/y tile URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png; null: none.',
    }),
  },
  { examples: [{ mapTilesUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }] },
);
export type ConsoleSettingsResponse = Static<typeof ConsoleSettingsResponse>;
