import {
  AcceptedResponse,
  ChangePasswordRequest,
  ConfirmEmailRequest,
  ConfirmPasswordResetRequest,
  DeleteAccountRequest,
  PasswordResetRequest,
  SignUpRequest,
  UserResponse,
  type AcceptedResponse as Accepted,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { AccountDeletionService } from '../../domain/account-deletion-service';
import type { AccountService } from '../../domain/account-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';
import type { DeferredWork } from './deferred-work';
import { toUserResponse } from './responses';

const account = { tags: ['account'] };
// The same words whatever happened: they must not tell whether the address has an account.
const accepted: Accepted = {
  status: 'accepted',
  message: 'if the address can be used, an email is on its way',
};

/** Sign-up, email confirmation and password reset: no access token. */
export const publicAccountRoutes: HttpRoutes<{ accounts: AccountService; deferred: DeferredWork }> = (
  app,
  { accounts, deferred },
) => {
  app.post(
    '/account/sign-up',
    {
      schema: {
        ...account,
        body: SignUpRequest,
        response: { 202: AcceptedResponse, ...errorResponses(400, 503) },
      },
    },
    async (request, reply) => {
      deferred.run(request.log, 'sign-up email', await accounts.signUp(request.body));
      return reply.code(202).send(accepted);
    },
  );
  app.post(
    '/account/email-verification/confirm',
    {
      schema: {
        ...account,
        body: ConfirmEmailRequest,
        response: { 204: Type.Null(), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      await accounts.confirmEmail(request.body.token);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/account/password-reset',
    {
      schema: {
        ...account,
        body: PasswordResetRequest,
        response: { 202: AcceptedResponse, ...errorResponses(400, 503) },
      },
    },
    (request, reply) => {
      const { email } = request.body;
      deferred.run(request.log, 'password reset request', () => accounts.requestPasswordReset(email));
      void reply.code(202).send(accepted);
    },
  );
  app.post(
    '/account/password-reset/confirm',
    {
      schema: {
        ...account,
        body: ConfirmPasswordResetRequest,
        response: { 204: Type.Null(), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      await accounts.confirmPasswordReset(request.body);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};

/** The signed-in user's account. */
export const accountRoutes: HttpRoutes<{
  accounts: AccountService;
  accountDeletion: AccountDeletionService;
}> = (app, { accounts, accountDeletion }) => {
  app.get(
    '/account',
    {
      ...forUsers('account:read'),
      schema: { ...account, ...authenticated, response: { 200: UserResponse, ...errorResponses(401) } },
    },
    async (request) => toUserResponse(await accounts.getAccount(userCallerOf(request))),
  );
  app.put(
    '/account/password',
    {
      ...forUsers('account:write'),
      schema: {
        ...account,
        ...authenticated,
        body: ChangePasswordRequest,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await accounts.changePassword(userCallerOf(request), request.body);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/account/email-verification',
    {
      ...forUsers('account:write'),
      schema: {
        ...account,
        ...authenticated,
        response: { 202: AcceptedResponse, ...errorResponses(401, 503) },
      },
    },
    async (request, reply) => {
      await accounts.resendVerification(userCallerOf(request));
      return reply.code(202).send(accepted);
    },
  );
  app.delete(
    '/account',
    {
      ...forUsers('account:write'),
      schema: {
        ...account,
        ...authenticated,
        description:
          'Deletes the account, with the current password (403 PASSWORD_INCORRECT). Refused whole (409) while ' +
          'the person is the only owner of a home others remain in (ACCOUNT_LAST_HOME_OWNER) or the only admin ' +
          'of a vendor (ACCOUNT_LAST_VENDOR_ADMIN), `details` naming the homes and vendors. Otherwise they ' +
          'leave their shared homes and vendors, the homes they alone belong to are deleted (their devices ' +
          'released), everything of theirs goes, and `user.deleted.v1` is published. Audited.',
        body: DeleteAccountRequest,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 409, 503) },
      },
    },
    async (request, reply) => {
      await accountDeletion.deleteAccount(userCallerOf(request), request.body.currentPassword);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
