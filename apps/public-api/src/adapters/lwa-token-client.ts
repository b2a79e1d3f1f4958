import type { AlexaTokens, LoginWithAmazon, LwaRefusal } from '../domain/alexa-links';
import type { Clock } from '../domain/clock';
import type { AssistantGatewayClient } from './assistant-gateway-client';

/** The skill's Login with Amazon client (the Alexa developer console's "Alexa Skill Messaging" credentials). */
export interface LwaSettings {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

interface TokenAnswer {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
}

/**
 * Login with Amazon's token endpoint (RFC 6749 §4.1.3 and §6, client credentials in the form as Amazon's
 * examples send them). https://developer.amazon.com/en-US/docs/alexa/smarthome/authenticate-a-customer-permissions.html
 */
export function createLwaTokenClient(
  gateway: AssistantGatewayClient,
  settings: LwaSettings,
  clock: Clock,
): LoginWithAmazon {
  async function requestTokens(
    form: Record<string, string>,
    keptRefreshToken?: string,
  ): Promise<AlexaTokens | LwaRefusal> {
    const answer = await gateway.post(settings.tokenUrl, {
      form: { ...form, client_id: settings.clientId, client_secret: settings.clientSecret },
    });
    if (!answer.answered) return { kind: 'unavailable', reason: answer.reason };
    const body = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as TokenAnswer;
    if (answer.status === 400 || answer.status === 401)
      return {
        kind: 'refused',
        error: typeof body.error === 'string' ? body.error : `HTTP ${answer.status}`,
      };
    const refreshToken = typeof body.refresh_token === 'string' ? body.refresh_token : keptRefreshToken;
    if (
      answer.status !== 200 ||
      typeof body.access_token !== 'string' ||
      typeof body.expires_in !== 'number' ||
      refreshToken === undefined
    )
      return {
        kind: 'unavailable',
        reason: `Login with Amazon answered HTTP ${answer.status} without tokens`,
      };
    return {
      accessToken: body.access_token,
      accessTokenExpiresAt: new Date(clock.now().getTime() + body.expires_in * 1000),
      refreshToken,
    };
  }
  return {
    exchangeCode: (code) => requestTokens({ grant_type: 'authorization_code', code }),
    refresh: (refreshToken) =>
      requestTokens({ grant_type: 'refresh_token', refresh_token: refreshToken }, refreshToken),
  };
}
