import {
  ConfirmPhoneNumberRequest,
  DeliveryLogPage,
  DeliveryLogQuery,
  PhoneNumberResponse,
  SetPhoneNumberRequest,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { NotificationSettingsService } from '../../domain/notification-settings-service';
import { errorResponses, forUsers, userCallerOf } from './authenticate';
import { notificationsTag } from './notification-settings.routes';

const phonePath = '/account/notifications/phone';

/** The caller's phone number for SMS (set, confirmed with the code sent to it, removed) and their delivery log. */
export const notificationPhoneRoutes: HttpRoutes<{ notifications: NotificationSettingsService }> = (
  app,
  { notifications },
) => {
  app.get(
    phonePath,
    {
      ...forUsers('notifications:read'),
      schema: {
        ...notificationsTag,
        description: 'The number, masked but for its last digits, and whether it is confirmed.',
        response: { 200: PhoneNumberResponse, ...errorResponses(401, 403, 503) },
      },
    },
    (request) => notifications.phone(userCallerOf(request)),
  );
  app.put(
    phonePath,
    {
      ...forUsers('notifications:write'),
      schema: {
        ...notificationsTag,
        description:
          'Sets the number (E.164) unconfirmed and sends it a code by SMS; limited per user ' +
          '(RATE_LIMIT_PHONE_CODES_PER_USER, 429 with Retry-After). Audited.',
        body: SetPhoneNumberRequest,
        response: { 200: PhoneNumberResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    (request) => notifications.setPhone(userCallerOf(request), request.body),
  );
  app.post(
    `${phonePath}/confirm`,
    {
      ...forUsers('notifications:write'),
      schema: {
        ...notificationsTag,
        description:
          'Confirms the number with the code the SMS carried; SMS go to it from then on. Limited per user ' +
          '(RATE_LIMIT_PHONE_CODES_PER_USER). Audited.',
        body: ConfirmPhoneNumberRequest,
        response: { 200: PhoneNumberResponse, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    (request) => notifications.confirmPhone(userCallerOf(request), request.body),
  );
  app.delete(
    phonePath,
    {
      ...forUsers('notifications:write'),
      schema: {
        ...notificationsTag,
        description: 'Removes the number: no SMS is sent any more. Audited.',
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      await notifications.removePhone(userCallerOf(request));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/account/notifications/deliveries',
    {
      ...forUsers('notifications:read'),
      schema: {
        ...notificationsTag,
        description:
          "The caller's delivery log: every attempt on every channel with its outcome, newest first; the " +
          "next page with `before` = the answer's `nextBefore`. Filters: `channel`, `outcome`.",
        querystring: DeliveryLogQuery,
        response: { 200: DeliveryLogPage, ...errorResponses(400, 401, 403, 503) },
      },
    },
    (request) => notifications.deliveries(userCallerOf(request), request.query),
  );
  return Promise.resolve();
};
