import {
  NotificationPreferences,
  NotificationUserParams,
  UnsubscribeRequest,
  UnsubscribeResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { Preferences } from '../../domain/preferences';
import { verifyUnsubscribeToken } from '../../domain/unsubscribe-token';
import { errorResponses } from './error-responses';

const tags = ['preferences'];

/** A user's preferences, and the one-click unsubscribe of emails' links. */
export const preferencesRoutes: HttpRoutes<{
  preferences: Preferences;
  unsubscribeSecret: string;
}> = (app, { preferences, unsubscribeSecret }) => {
  app.get(
    '/users/:userId/preferences',
    {
      schema: {
        tags,
        description: 'The stored preferences, or the defaults for the addresses the user has.',
        params: NotificationUserParams,
        response: { 200: NotificationPreferences, ...errorResponses(400) },
      },
    },
    (request) => preferences.get(request.params.userId),
  );
  app.put(
    '/users/:userId/preferences',
    {
      schema: {
        tags,
        params: NotificationUserParams,
        body: NotificationPreferences,
        response: { 200: NotificationPreferences, ...errorResponses(400) },
      },
    },
    (request) => preferences.put(request.params.userId, request.body),
  );
  app.post(
    '/unsubscribe',
    {
      schema: {
        tags,
        description: 'Takes the channel named by a signed unsubscribe token out of its category.',
        body: UnsubscribeRequest,
        response: { 200: UnsubscribeResponse, ...errorResponses(400) },
      },
    },
    async (request) => {
      const claim = verifyUnsubscribeToken(unsubscribeSecret, request.body.token);
      await preferences.removeChannel(claim.userId, claim.category, claim.channel);
      return { category: claim.category, channel: claim.channel };
    },
  );
  return Promise.resolve();
};
