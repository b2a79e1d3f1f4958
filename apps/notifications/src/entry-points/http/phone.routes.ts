import {
  ConfirmPhoneNumberRequest,
  NotificationUserParams,
  PhoneNumberResponse,
  SetPhoneNumberRequest,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { PhoneNumbers } from '../../domain/phone-number';
import type { StoredPhone } from '../../domain/preference-ports';
import { errorResponses } from './error-responses';

/** The number shown back: all but its last two digits masked. */
const toPhone = (stored: StoredPhone | undefined): PhoneNumberResponse =>
  stored === undefined
    ? { phoneNumber: null, confirmed: false }
    : {
        phoneNumber: `+${'*'.repeat(stored.phoneNumber.length - 3)}${stored.phoneNumber.slice(-2)}`,
        confirmed: stored.confirmed,
      };

/** The phone number SMS go to: set (a code is texted), confirmed with the code, read, removed. */
export const phoneRoutes: HttpRoutes<{ phones: PhoneNumbers }> = (app, { phones }) => {
  const tags = ['phone'];
  const params = NotificationUserParams;
  app.get(
    '/users/:userId/phone',
    { schema: { tags, params, response: { 200: PhoneNumberResponse, ...errorResponses(400) } } },
    async (request) => toPhone(await phones.get(request.params.userId)),
  );
  app.put(
    '/users/:userId/phone',
    {
      schema: {
        tags,
        description: 'Sets the number, unconfirmed, and texts it a 6-digit code valid 10 minutes.',
        params,
        body: SetPhoneNumberRequest,
        response: { 200: PhoneNumberResponse, ...errorResponses(400, 409) },
      },
    },
    async (request) => toPhone(await phones.set(request.params.userId, request.body.phoneNumber)),
  );
  app.post(
    '/users/:userId/phone/confirm',
    {
      schema: {
        tags,
        description: 'Confirms the number with the code it received (5 tries).',
        params,
        body: ConfirmPhoneNumberRequest,
        response: { 200: PhoneNumberResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => toPhone(await phones.confirm(request.params.userId, request.body.code)),
  );
  app.delete(
    '/users/:userId/phone',
    { schema: { tags, params, response: { 204: Type.Null(), ...errorResponses(400, 404) } } },
    async (request, reply) => {
      await phones.remove(request.params.userId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
