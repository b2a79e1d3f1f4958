import { ConsoleSettingsResponse } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { errorResponses } from './authenticate';

/** The web console's settings from the deployment (CONSOLE_MAP_TILES_URL), open: the console reads them first. */
export const consoleSettingsRoutes: HttpRoutes<{ mapTilesUrl: string | undefined }> = (
  app,
  { mapTilesUrl },
) => {
  app.get(
    '/console/settings',
    {
      schema: {
        tags: ['console'],
        description:
          "The web console's settings: the map tiles' URL template (null: the zone editor draws a grid). No login.",
        response: { 200: ConsoleSettingsResponse, ...errorResponses() },
      },
    },
    () => Promise.resolve({ mapTilesUrl: mapTilesUrl ?? null }),
  );
  return Promise.resolve();
};
