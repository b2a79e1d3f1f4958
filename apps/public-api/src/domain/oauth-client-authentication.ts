import { isClientId, type OAuthClient, type OAuthClientRepository } from './oauth';
import { OAuthError } from './oauth-errors';
import { matchesSecretHash } from './secret-tokens';

/** How a request of the token or revocation endpoint named its client (RFC 6749 §2.3.1). */
export interface PresentedClient {
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  /** client_secret_basic, client_secret_post, or none (a public client names itself with client_id). */
  readonly method: 'client_secret_basic' | 'client_secret_post' | 'none';
}

function secretMatches(client: OAuthClient, secret: string): boolean {
  if (client.secretHash === null) return false;
  return matchesSecretHash(secret, client.secretHash);
}

/**
 * The client the request authenticates as: a confidential client by its secret (basic or post), a public
 * one by its id alone. Anything else is invalid_client, one answer for an unknown client and a wrong secret.
 */
export async function authenticateClient(
  clients: OAuthClientRepository,
  presented: PresentedClient,
): Promise<OAuthClient> {
  const refused = new OAuthError('invalid_client', 'client authentication failed');
  const { clientId, clientSecret } = presented;
  if (!isClientId(clientId)) throw refused;
  const client = await clients.findClient(clientId);
  if (client === undefined) throw refused;
  if (client.clientType === 'public') {
    if (presented.method !== 'none') throw refused;
    return client;
  }
  if (clientSecret === undefined || !secretMatches(client, clientSecret)) throw refused;
  return client;
}
