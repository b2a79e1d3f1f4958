import type { AlexaDirective, AlexaEvent, AlexaSkillEvent } from '@homeport/contracts';
import { AppError, isAppError } from '@homeport/errors';
import { invalidDirective } from './alexa-directives';
import { acceptGrantFailed } from './alexa-errors';
import { alexaHeader, authenticateAlexaToken, errorResponse, tokenIn } from './alexa-events';
import type { AlexaLinks, LoginWithAmazon } from './alexa-links';
import type { TokenAuthenticator, UserCaller } from './callers';

/** The OAuth grant an access token of Homeport belongs to, expired or not (a skill event's token may be). */
export type FindTokenGrant = (
  token: string,
) => Promise<{ userId: string; clientId: string; grantId: string } | undefined>;

/** What linking and unlinking need. */
export interface AlexaLinkingDeps {
  /** Homeport's OAuth access tokens (the token Alexa holds for the person is one). */
  readonly authenticator: TokenAuthenticator;
  readonly links: AlexaLinks;
  /** Absent when the skill's Login with Amazon credentials are not configured: AcceptGrant then fails. */
  readonly lwa: LoginWithAmazon | undefined;
  readonly findTokenGrant: FindTokenGrant;
  /** Ends every grant of the person to the OAuth client (as revoking the app in Homeport does). */
  readonly revokeClient: (caller: UserCaller, clientId: string) => Promise<void>;
}

type Directive = AlexaDirective['directive'];

/** Alexa's side of a link: AcceptGrant keeps Login with Amazon's tokens, SkillDisabled ends the link. */
export function createAlexaLinking(deps: AlexaLinkingDeps) {
  /** https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-authorization.html */
  async function acceptGrant(directive: Directive, address: string): Promise<AlexaEvent> {
    try {
      const caller = await authenticateAlexaToken(
        deps.authenticator,
        tokenIn(directive.payload.grantee),
        'devices:read',
        address,
      );
      const code = (directive.payload.grant as { code?: unknown } | undefined)?.code;
      if (typeof code !== 'string' || code === '') throw invalidDirective('payload.grant.code is required');
      if (deps.lwa === undefined)
        throw new AppError(
          'unavailable',
          'ALEXA_EVENTS_NOT_CONFIGURED',
          'Homeport has no Login with Amazon credentials for the skill',
        );
      const tokens = await deps.lwa.exchangeCode(code);
      if ('kind' in tokens)
        throw new AppError(
          'unavailable',
          'LWA_REFUSED',
          `Login with Amazon refused the grant: ${tokens.kind === 'refused' ? tokens.error : tokens.reason}`,
        );
      await deps.links.save({ grantId: caller.credential.grantId, userId: caller.userId, tokens });
      return {
        event: { header: alexaHeader('Alexa.Authorization', 'AcceptGrant.Response', undefined), payload: {} },
      };
    } catch (error) {
      if (!isAppError(error)) throw error;
      return errorResponse(acceptGrantFailed(error.message));
    }
  }

  /**
   * The skill disabled: the person's grants to the skill's client end (as revoking the app in Homeport does),
   * and their links with them. The token may have expired since Alexa last refreshed it; a token that is not
   * Homeport's changes nothing.
   * https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html
   */
  async function skillEvent(event: AlexaSkillEvent, address: string): Promise<Record<string, never>> {
    const token = event.context.System.user.accessToken;
    if (event.request.type !== 'AlexaSkillEvent.SkillDisabled' || token === undefined) return {};
    const grant = await deps.findTokenGrant(token);
    if (grant === undefined) return {};
    const caller: UserCaller = {
      kind: 'user',
      userId: grant.userId,
      credential: { kind: 'oauth', clientId: grant.clientId, grantId: grant.grantId },
      scopes: new Set(),
      address,
    };
    // Ending the grants deletes their links (migration 009); grants already ended took theirs with them.
    await deps.revokeClient(caller, grant.clientId).catch((error: unknown) => {
      if (!isAppError(error) || error.code !== 'AUTHORIZATION_NOT_FOUND') throw error;
    });
    return {};
  }

  return { acceptGrant, skillEvent };
}
