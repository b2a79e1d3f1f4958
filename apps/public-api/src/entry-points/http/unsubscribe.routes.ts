import formBody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { UnsubscribeForm, UnsubscribeQuery } from '@homeport/contracts';
import { isAppError } from '@homeport/errors';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { NotificationSettingsService } from '../../domain/notification-settings-service';
import { errorResponses } from './authenticate';
import { pageHeaders } from './html-page';
import { renderInvalidLinkPage, renderUnsubscribedPage, renderUnsubscribePage } from './unsubscribe-page';

const path = '/notifications/unsubscribe';
const htmlPage = { tags: ['notifications'], produces: ['text/html'] };
/** A page (sent as text/html, never serialized as JSON). */
const page = Type.String({ description: 'An HTML page' });

/**
 * The unsubscribe link of notification emails, no login (the token, signed by notifications, names the user,
 * category and channel). GET answers a page with a button and never unsubscribes (mail scanners follow
 * links); POST is RFC 8058 one-click (`List-Unsubscribe-Post: List-Unsubscribe=One-Click`), sent by mail
 * clients as multipart/form-data or form-urlencoded (§3.1), and by the page's button.
 */
export const unsubscribeRoutes: HttpRoutes<{ notifications: NotificationSettingsService }> = async (
  app,
  { notifications },
) => {
  app.removeAllContentTypeParsers();
  await app.register(formBody, { bodyLimit: 1024 });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fields: 4, fieldNameSize: 100, fieldSize: 100, files: 0, parts: 4 },
  });
  app.get(
    path,
    {
      schema: {
        ...htmlPage,
        description: 'The page of the link: a button that unsubscribes (HTML). Changes nothing.',
        querystring: UnsubscribeQuery,
        response: { 200: page, ...errorResponses(400) },
      },
    },
    async (request, reply) =>
      reply.code(200).headers(pageHeaders).send(renderUnsubscribePage(request.query.token)),
  );
  app.post(
    path,
    {
      schema: {
        ...htmlPage,
        description:
          'RFC 8058 one-click: the form `List-Unsubscribe=One-Click`, the token in the query. Turns the ' +
          "link's category off on its channel and answers a page saying so; an invalid token 400 (a page).",
        querystring: UnsubscribeQuery,
        body: UnsubscribeForm,
        consumes: ['multipart/form-data', 'application/x-www-form-urlencoded'],
        // Its 400 is a page; a JSON error only when the query or form is not one (before the handler).
        response: { 200: page, 400: page, ...errorResponses(503) },
      },
    },
    async (request, reply) => {
      try {
        const done = await notifications.unsubscribe(request.query.token);
        return await reply.code(200).headers(pageHeaders).send(renderUnsubscribedPage(done));
      } catch (error) {
        // notifications refuses a token it did not sign (or for a deleted user); away, it is 503 as usual.
        if (!isAppError(error) || (error.kind !== 'invalid' && error.kind !== 'not_found')) throw error;
        return reply.code(400).headers(pageHeaders).send(renderInvalidLinkPage());
      }
    },
  );
};
