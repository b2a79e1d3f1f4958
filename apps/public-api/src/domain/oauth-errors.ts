/** The error codes of RFC 6749 §5.2 and RFC 7009 §2.2.1 this server answers. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type';

/**
 * A refusal of the token or revocation endpoint, answered `{ error, error_description }` (RFC 6749 §5.2)
 * rather than the API's `{ code, message }`: OAuth client libraries read these fields.
 */
export class OAuthError extends Error {
  readonly error: OAuthErrorCode;

  constructor(error: OAuthErrorCode, description: string) {
    super(description);
    this.name = 'OAuthError';
    this.error = error;
  }
}

/** True for an OAuthError. */
export function isOAuthError(error: unknown): error is OAuthError {
  return error instanceof OAuthError;
}
