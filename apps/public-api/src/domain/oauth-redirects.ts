/** The client's redirect URI with the answer's parameters added (RFC 6749 §4.1.2, keeping its own query). */
export function buildRedirect(redirectUri: string, parameters: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) url.searchParams.append(name, value);
  }
  return url.toString();
}

/** An error answered to the client through its redirect URI (RFC 6749 §4.1.2.1), with its state. */
export function errorRedirect(
  redirectUri: string,
  error: string,
  description: string,
  state: string | undefined,
): string {
  return buildRedirect(redirectUri, { error, error_description: description, state });
}
