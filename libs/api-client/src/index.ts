import createClient from 'openapi-fetch';
import type { paths } from './generated/public-api';

export type { components, operations, paths } from './generated/public-api';

/** Where public-api is and who calls it. */
export interface PublicApiClientOptions {
  /** The server's root, e.g. `https://api.homeport.example` (paths start with `/v1`). */
  readonly baseUrl: string;
  /** A session's access token, a personal access token, an OAuth access token or a vendor API key. */
  readonly token?: string;
}

/**
 * A client of public-api typed from its OpenAPI document (openapi-fetch): paths, parameters, bodies and
 * answers are checked by the compiler; each call answers `{ data, error, response }`.
 */
export function createPublicApiClient({ baseUrl, token }: PublicApiClientOptions) {
  return createClient<paths>({
    baseUrl,
    ...(token !== undefined && { headers: { authorization: `Bearer ${token}` } }),
  });
}

/** A typed public-api client. */
export type PublicApiClient = ReturnType<typeof createPublicApiClient>;
