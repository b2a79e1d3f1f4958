/** The parts of a Google service account's JSON key HomeGraph calls need. */
export interface GoogleServiceAccountKey {
  readonly client_email: string;
  readonly private_key: string;
  readonly token_uri: string;
  readonly private_key_id?: string;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Reads `GOOGLE_SERVICE_ACCOUNT_KEY` (the JSON key file's content, as Google's console downloads it): the
 * key, or why it is not one (named at start rather than at the first report).
 */
export function readServiceAccountKey(json: string): GoogleServiceAccountKey | { readonly problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { problem: 'is not JSON (the service account key file)' };
  }
  const { client_email, private_key, token_uri, private_key_id } = (parsed ?? {}) as Record<string, unknown>;
  const missing = Object.entries({ client_email, private_key, token_uri })
    .filter(([, value]) => !isText(value))
    .map(([name]) => name);
  if (missing.length > 0) return { problem: `lacks ${missing.join(', ')}` };
  if (!String(private_key).includes('BEGIN PRIVATE KEY'))
    return { problem: 'private_key is not a PKCS #8 PEM key' };
  if (!/^https:\/\//.test(String(token_uri))) return { problem: 'token_uri is not an https URL' };
  return {
    client_email: String(client_email),
    private_key: String(private_key),
    token_uri: String(token_uri),
    ...(isText(private_key_id) && { private_key_id }),
  };
}
