import type { HomeResponse, InvitationResponse } from '@homeport/contracts';
import type { TestInstance, TestUser } from './environment';

/** A refusal's body, or the expected body of a test's call. */
export type Answered<T> = T & { code: string; message: string };

/** Calls and home set-up of a suite's users on one instance. */
export function createHomeHelpers(instance: TestInstance) {
  const as = (user: TestUser) => ({
    call: <T>(method: string, path: string, body?: unknown) =>
      instance.api<Answered<T>>(method, path, body, user.tokens.accessToken),
  });
  return {
    as,
    /** A new home of `owner`. */
    async createHome(owner: TestUser, name = 'Rue des Lilas'): Promise<HomeResponse> {
      const created = await as(owner).call<HomeResponse>('POST', '/v1/homes', {
        name,
        timeZone: 'Europe/Paris',
      });
      if (created.status !== 201) throw new Error(`home: ${created.status}`);
      return created.body;
    },
    /** Invites `invitee` into the owner's home with `role` and has them accept. */
    async join(owner: TestUser, homeId: string, invitee: TestUser, role: 'owner' | 'member'): Promise<void> {
      const path = `/v1/homes/${homeId}/invitations`;
      const invited = await as(owner).call<InvitationResponse>('POST', path, { email: invitee.email, role });
      const accepted = await as(invitee).call('POST', `/v1/invitations/${invited.body.id}/accept`);
      if (accepted.status !== 200) throw new Error(`accept: ${accepted.status}`);
    },
  };
}
