import { apiScopes } from '@homeport/contracts';
import type { AuthorizationRequest } from '../../domain/oauth-authorization-service';
import { escapeHtml, renderPage as page } from './html-page';

/** The page shown instead of redirecting when the client or its redirect URI is not to be trusted. */
export function renderErrorPage(message: string): string {
  return page(
    'Cannot authorize',
    `<h1>This request cannot be authorized</h1>\n<p>${escapeHtml(message)}</p>`,
  );
}

/** The consent page: who asks, for what (in words), and a sign-in with allow or deny. */
export function renderConsentPage(request: AuthorizationRequest, csrfToken: string, error?: string): string {
  const { client } = request;
  const hidden: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: client.id,
    redirect_uri: request.redirectUri,
    scope: request.scopes.join(' '),
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: request.codeChallenge === undefined ? undefined : 'S256',
    csrf_token: csrfToken,
  };
  const fields = Object.entries(hidden)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('\n');
  const scopes = request.scopes.map((scope) => `<li>${escapeHtml(apiScopes[scope])}</li>`).join('\n');
  const name = escapeHtml(client.name);
  return page(
    `Authorize ${client.name}`,
    `<h1>Authorize ${name}</h1>
<p><strong>${name}</strong> (vendor ${escapeHtml(client.vendorId)}) asks to use your Homeport account to:</p>
<ul>
${scopes}
</ul>
${error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`}
<form method="post" action="authorize">
${fields}
<label>Email <input type="email" name="email" autocomplete="username" required></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit" name="decision" value="approve">Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</form>`,
  );
}
