import { AuthorizeQuery, ConsentForm } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { isAppError } from '@homeport/errors';
import type { OAuthAuthorizationService } from '../../domain/oauth-authorization-service';
import { equalsInConstantTime } from '../../domain/secret-tokens';
import { renderConsentPage, renderErrorPage } from './consent-page';
import { pageHeaders } from './html-page';
import type { RateLimits } from './rate-limits';

const csrfCookie = 'hp_oauth_csrf';
const csrfLifetimeSeconds = 1800;
const htmlPage = { tags: ['oauth'], produces: ['text/html'] };

/** The value of one cookie of the request (only our own cookie is read: no parser library for that). */
function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function sameToken(cookie: string | undefined, field: string | undefined): boolean {
  if (cookie === undefined || field === undefined || cookie === '') return false;
  return equalsInConstantTime(cookie, field);
}

/**
 * Over https (directly, or per the ingress's X-Forwarded-Proto) the cookie is Secure; over plain http (a
 * local `npm start`) a Secure cookie would not come back. A forged header only makes the cookie stricter.
 */
function cameOverHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).headers(pageHeaders).send(html);
}

/**
 * GET and POST /oauth/authorize (RFC 6749 §4.1.1-4.1.2): the consent page, where the user signs in and
 * allows or denies. CSRF: the page's form carries a random token that must equal the SameSite=Strict,
 * HttpOnly cookie set with the page (double submit); another site can neither read nor send that cookie.
 */
export const oauthAuthorizeRoutes: HttpRoutes<{
  authorization: OAuthAuthorizationService;
  loginAttemptsOf: RateLimits['loginAttemptsOf'];
}> = (app, { authorization, loginAttemptsOf }) => {
  app.get(
    '/oauth/authorize',
    { schema: { ...htmlPage, querystring: AuthorizeQuery, description: 'The consent page (HTML).' } },
    async (request, reply) => {
      const decision = await authorization.check(request.query);
      if (decision.kind === 'error-page') return sendPage(reply, 400, renderErrorPage(decision.message));
      if (decision.kind === 'redirect') return reply.redirect(decision.location, 302);
      const csrfToken = randomBytes(32).toString('base64url');
      const cookie = `${csrfCookie}=${csrfToken}; Path=/oauth; HttpOnly; SameSite=Strict; Max-Age=${csrfLifetimeSeconds}`;
      void reply.header('set-cookie', cameOverHttps(request) ? `${cookie}; Secure` : cookie);
      return sendPage(reply, 200, renderConsentPage(decision.request, csrfToken));
    },
  );
  app.post(
    '/oauth/authorize',
    { schema: { ...htmlPage, body: ConsentForm, description: "The consent page's form (form-encoded)." } },
    async (request, reply) => {
      const form = request.body;
      const decision = await authorization.check(form);
      if (decision.kind === 'error-page') return sendPage(reply, 400, renderErrorPage(decision.message));
      if (decision.kind === 'redirect') return reply.redirect(decision.location, 303);
      if (!sameToken(readCookie(request.headers.cookie, csrfCookie), form.csrf_token)) {
        const message = 'This form expired or was not sent from this page. Start again from the application.';
        return sendPage(reply, 403, renderErrorPage(message));
      }
      if (form.decision === 'deny') return reply.redirect(authorization.deny(decision.request), 303);
      if (form.decision !== 'approve')
        return sendPage(reply, 400, renderErrorPage('Choose to allow or deny.'));
      let location: string | undefined;
      try {
        location =
          form.email === undefined || form.email === ''
            ? undefined
            : await authorization.approve(
                decision.request,
                { email: form.email, password: form.password ?? '', address: request.ip },
                loginAttemptsOf(request, reply),
              );
      } catch (error) {
        // Past a failed-login limit, as at POST /v1/sessions: a page (Retry-After is already set), not JSON.
        if (!isAppError(error) || error.code !== 'RATE_LIMITED') throw error;
        const message = 'Too many sign-in attempts. Wait a while, then start again from the application.';
        return sendPage(reply, 429, renderErrorPage(message));
      }
      if (location === undefined) {
        const page = renderConsentPage(
          decision.request,
          form.csrf_token ?? '',
          'The email or the password is not correct.',
        );
        return sendPage(reply, 401, page);
      }
      return reply.redirect(location, 303);
    },
  );
  return Promise.resolve();
};
