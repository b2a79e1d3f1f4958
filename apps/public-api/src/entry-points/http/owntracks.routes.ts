import { OwnTracksAnswer } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { LocationService } from '../../domain/location-service';
import type { OwnTracksCredentialService } from '../../domain/owntracks-credential-service';
import { errorResponses } from './authenticate';

/** A location or transition is under 1 KiB; the apps' largest payloads (waypoints) are ignored anyway. */
const ownTracksBodyLimitBytes = 16 * 1024;

/** The OpenAPI security scheme of the OwnTracks endpoint: a phone's own credential, as HTTP Basic auth. */
export const ownTracksSecurityScheme = {
  ownTracksBasicAuth: {
    type: 'http',
    scheme: 'basic',
    description:
      'A phone credential from POST /v1/account/location/owntracks-credentials (user name and secret), as the ' +
      "OwnTracks app's HTTP mode sends it.",
  },
} as const;

/**
 * The OwnTracks app's HTTP mode (https://owntracks.org/booklet/tech/http/): it POSTs each payload it would
 * publish over MQTT, with HTTP Basic auth, and takes a 200 with a JSON array (of cards and commands for it;
 * empty here) as delivered. Its own scope: the app may post an empty body (a deleted friend), which the JSON
 * parser of the other routes refuses.
 */
export const ownTracksRoutes: HttpRoutes<{
  locations: LocationService;
  ownTracksCredentials: OwnTracksCredentialService;
}> = (app, { locations, ownTracksCredentials }) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, null);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });
  app.post(
    '/owntracks',
    {
      bodyLimit: ownTracksBodyLimitBytes,
      schema: {
        tags: ['location'],
        description:
          "The OwnTracks app's endpoint (HTTP mode), with a credential from POST " +
          '/v1/account/location/owntracks-credentials as HTTP Basic auth (401 with `WWW-Authenticate: Basic` without it). `location` and `transition` payloads ' +
          'are fixes; other types, and fixes without `acc`, are answered and ignored. Always `[]`.',
        security: [{ ownTracksBasicAuth: [] }],
        response: { 200: OwnTracksAnswer, ...errorResponses(400, 401, 503) },
      },
    },
    async (request, reply) => {
      const credential = await ownTracksCredentials
        .authenticate(request.headers.authorization)
        .catch((error: unknown) => {
          void reply.header('www-authenticate', 'Basic realm="Homeport OwnTracks"');
          throw error;
        });
      await locations.postOwnTracks(credential, request.body);
      return [];
    },
  );
  return Promise.resolve();
};
