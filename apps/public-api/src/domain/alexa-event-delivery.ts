import type { AlexaEvent } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AlexaTokens, LoginWithAmazon } from './alexa-links';
import type { Clock } from './clock';

/** What the event gateway did with an event, sorted by what Homeport does next. */
export type GatewayOutcome =
  | { readonly kind: 'accepted' }
  /** 401: the access token is expired or revoked; a refreshed one may pass. */
  | { readonly kind: 'token-refused'; readonly reason: string }
  /** The person disabled the skill or withdrew its permission: the link is of no more use. */
  | { readonly kind: 'link-gone'; readonly reason: string }
  /** Busy or failing (429, 5xx, unreachable): worth sending again later. */
  | { readonly kind: 'retry'; readonly reason: string }
  /** Refused as malformed (400, 413): sending it again would not help. */
  | { readonly kind: 'rejected'; readonly reason: string };

/** Alexa's event gateway, with a person's Login with Amazon access token. */
export interface AlexaEventGateway {
  send(accessToken: string, event: AlexaEvent): Promise<GatewayOutcome>;
}

/** A token refreshed this long before it expires: the gateway call must not race its end. */
const refreshMarginMs = 60_000;

/**
 * The event with the person's token as the gateway wants it besides the header: in the endpoint's scope, or
 * in the payload's for a discovery event (which has no endpoint).
 */
function withScope(event: AlexaEvent, token: string): AlexaEvent {
  const scope = { type: 'BearerToken', token } as const;
  const { endpoint, payload } = event.event;
  if (endpoint === undefined) return { ...event, event: { ...event.event, payload: { ...payload, scope } } };
  return { ...event, event: { ...event.event, endpoint: { ...endpoint, scope } } };
}

/**
 * Sends one event with a person's tokens: refreshed at Login with Amazon when about to expire, and once more
 * when the gateway refuses the access token (a second refusal is `rejected`). `link-gone` when the gateway
 * says so or Login with Amazon refuses the refresh token; `onRefreshed` keeps new tokens. A Login with Amazon
 * that cannot be reached throws AppError unavailable.
 * https://developer.amazon.com/en-US/docs/alexa/smarthome/send-events.html
 */
export function createAlexaEventDelivery(deps: {
  readonly gateway: AlexaEventGateway;
  readonly lwa: LoginWithAmazon;
  readonly clock: Clock;
}) {
  const { gateway, lwa, clock } = deps;

  async function freshTokens(tokens: AlexaTokens, force: boolean): Promise<AlexaTokens | undefined> {
    if (!force && tokens.accessTokenExpiresAt.getTime() - clock.now().getTime() > refreshMarginMs)
      return tokens;
    const refreshed = await lwa.refresh(tokens.refreshToken);
    if (!('kind' in refreshed)) return refreshed;
    if (refreshed.kind === 'refused') return undefined;
    throw new AppError('unavailable', 'LWA_UNAVAILABLE', `Login with Amazon: ${refreshed.reason}`);
  }

  return async function deliver(
    stored: AlexaTokens,
    event: AlexaEvent,
    onRefreshed: (tokens: AlexaTokens) => Promise<void>,
  ): Promise<GatewayOutcome> {
    let tokens = await freshTokens(stored, false);
    for (let attempt = 0; tokens !== undefined; attempt += 1) {
      if (tokens !== stored) await onRefreshed(tokens);
      const outcome = await gateway.send(tokens.accessToken, withScope(event, tokens.accessToken));
      if (outcome.kind !== 'token-refused') return outcome;
      if (attempt > 0) return { kind: 'rejected', reason: outcome.reason };
      tokens = await freshTokens(tokens, true);
    }
    return { kind: 'link-gone', reason: 'Login with Amazon refused the refresh token' };
  };
}

/** Sends an event to Alexa with a person's tokens. */
export type AlexaEventDelivery = ReturnType<typeof createAlexaEventDelivery>;
