import type { HomeResponse, InvitationResponse, TokenPairResponse } from '@homeport/contracts';
import { requestJson } from '@homeport/testing';

/**
 * The fuzzer's own public-api user, logged in: its access token goes with the requests that hold one, so the
 * handlers behind the token are fuzzed, not only the 401.
 */
export interface FuzzSession {
  /** The current access token. */
  accessToken(): string;
  /**
   * Logs in again when `stale` is still the current token (a fuzzed logout ended the session, or the token
   * expired); lanes that saw the same 401 wait for the one login.
   */
  renew(stale: string): Promise<void>;
  /** Logins after the first. */
  renewals(): number;
}

/** What the session owns that requests may name: a home, the user, an invitation of that home. */
export interface FuzzSessionIds {
  readonly homeId: string;
  readonly userId: string;
  readonly invitationId: string;
}

async function logIn(baseUrl: string, email: string, password: string): Promise<string> {
  const answer = await requestJson<TokenPairResponse>(baseUrl, 'POST', '/v1/sessions', {
    body: { email, password },
  });
  if (answer.status !== 201) throw new Error(`public-api login answered ${answer.status}`);
  return answer.body.accessToken;
}

async function callOrThrow<T>(baseUrl: string, path: string, token: string, body: unknown): Promise<T> {
  const answer = await requestJson<T>(baseUrl, 'POST', path, { token, body });
  if (answer.status !== 201) throw new Error(`public-api POST ${path} answered ${answer.status}`);
  return answer.body;
}

/**
 * Signs up the user `name` at public-api (its address unverified: no email is read), logs it in, and creates
 * a home of its own with an invitation, whose ids the requests may name.
 */
export async function openFuzzSession(
  baseUrl: string,
  name: string,
): Promise<{ session: FuzzSession; ids: FuzzSessionIds }> {
  const email = `${name}@fuzz.homeport.example`;
  const password = `fuzz passphrase of ${name}`;
  const signUp = await requestJson(baseUrl, 'POST', '/v1/account/sign-up', { body: { email, password } });
  if (signUp.status !== 202) throw new Error(`public-api sign-up answered ${signUp.status}`);
  let token = await logIn(baseUrl, email, password);
  const account = await requestJson<{ id: string }>(baseUrl, 'GET', '/v1/account', { token });
  const home = await callOrThrow<HomeResponse>(baseUrl, '/v1/homes', token, {
    name: `${name} home`,
    timeZone: 'Europe/Paris',
  });
  const invitation = await callOrThrow<InvitationResponse>(
    baseUrl,
    `/v1/homes/${home.id}/invitations`,
    token,
    {
      email: `${name}-guest@fuzz.homeport.example`,
      role: 'member',
    },
  );
  let renewals = 0;
  let login: Promise<void> | undefined;
  const session: FuzzSession = {
    accessToken: () => token,
    renew(stale) {
      if (stale !== token) return Promise.resolve();
      login ??= logIn(baseUrl, email, password)
        .then((fresh) => {
          token = fresh;
          renewals += 1;
        })
        .finally(() => {
          login = undefined;
        });
      return login;
    },
    renewals: () => renewals,
  };
  return { session, ids: { homeId: home.id, userId: account.body.id, invitationId: invitation.id } };
}
