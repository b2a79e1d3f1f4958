import { randomUUID } from 'node:crypto';
import type { RawRoute } from './send-raw';

/** What the requests of the routes for people name: a user's password, a home, one of its members, an invitation. */
export interface UserRouteIds {
  readonly password: string;
  readonly homeId: string;
  readonly memberId: string;
  readonly invitationId: string;
}

/** The routes of one home, with requests its owner could make. */
export function homeRoutes({ homeId, memberId }: UserRouteIds): RawRoute[] {
  return [
    { method: 'GET', path: `/v1/homes/${homeId}` },
    { method: 'GET', path: `/v1/homes/${homeId}/members` },
    { method: 'DELETE', path: `/v1/homes/${homeId}/members/${memberId}` },
    {
      method: 'POST',
      path: `/v1/homes/${homeId}/invitations`,
      body: { email: `${randomUUID()}@example.com`, role: 'owner' },
    },
  ];
}

/** Every route for people that needs an access token (account, session, homes, invitations), as isolation matrices send them. */
export function userRoutes(ids: UserRouteIds): RawRoute[] {
  return [
    { method: 'GET', path: '/v1/account' },
    {
      method: 'PUT',
      path: '/v1/account/password',
      body: { currentPassword: ids.password, newPassword: 'hijacked passphrase' },
    },
    { method: 'POST', path: '/v1/account/email-verification' },
    { method: 'DELETE', path: '/v1/sessions/current' },
    { method: 'POST', path: '/v1/homes', body: { name: 'Intruder', timeZone: 'UTC' } },
    { method: 'GET', path: '/v1/homes' },
    ...homeRoutes(ids),
    { method: 'GET', path: '/v1/invitations' },
    { method: 'POST', path: `/v1/invitations/${ids.invitationId}/accept` },
  ];
}
