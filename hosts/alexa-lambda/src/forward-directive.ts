import { randomUUID } from 'node:crypto';

/** Where public-api is, and how long a directive may take there (Alexa waits 8 s for the whole answer). */
export interface ForwarderOptions {
  /** public-api's public address, e.g. https://api.homeport.example. */
  readonly apiUrl: string;
  readonly timeoutMs: number;
}

/** The part of an Alexa message the forwarder reads: where the user's token and the correlation are. */
interface AlexaMessage {
  readonly directive?: {
    readonly header?: { readonly correlationToken?: string };
    readonly endpoint?: { readonly endpointId?: string; readonly scope?: { readonly token?: string } };
    readonly payload?: {
      readonly scope?: { readonly token?: string };
      readonly grantee?: { readonly token?: string };
    };
  };
  /** Skill events (AlexaSkillEvent.SkillDisabled, ...) carry the linked user's token here. */
  readonly context?: { readonly System?: { readonly user?: { readonly accessToken?: string } } };
}

/** public-api's route for everything Alexa sends. */
const directivesPath = '/v1/assistants/alexa';

/**
 * The user's bearer token, wherever Alexa put it: the endpoint's scope (controllers, ReportState), the
 * payload's scope (Discover) or grantee (AcceptGrant), the linked user of a skill event.
 * https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-interface.html
 */
function findToken(message: AlexaMessage): string | undefined {
  const { directive, context } = message;
  return (
    directive?.endpoint?.scope?.token ??
    directive?.payload?.scope?.token ??
    directive?.payload?.grantee?.token ??
    context?.System?.user?.accessToken
  );
}

/**
 * Alexa's ErrorResponse for a directive public-api did not answer: Alexa then tells the user the skill
 * has a problem instead of timing out.
 * https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-errorresponse.html
 */
function errorResponse(message: AlexaMessage, type: string, text: string) {
  const { directive } = message;
  const correlationToken = directive?.header?.correlationToken;
  const endpointId = directive?.endpoint?.endpointId;
  return {
    event: {
      header: {
        namespace: 'Alexa',
        name: 'ErrorResponse',
        messageId: randomUUID(),
        payloadVersion: '3',
        ...(correlationToken !== undefined && { correlationToken }),
      },
      ...(endpointId !== undefined && { endpoint: { endpointId } }),
      payload: { type, message: text },
    },
  };
}

/** What public-api's status means to Alexa when its body is not an answer. */
function errorTypeFor(status: number): string {
  if (status === 401 || status === 403) return 'INVALID_AUTHORIZATION_CREDENTIAL';
  if (status === 429) return 'RATE_LIMIT_EXCEEDED';
  return 'INTERNAL_ERROR';
}

/**
 * Forwards an Alexa message unchanged to public-api, with the user's token as its bearer, and answers
 * what public-api answered. It holds no state and no secret: the token is the user's, checked by public-api.
 */
export function createDirectiveForwarder(options: ForwarderOptions) {
  const url = new URL(directivesPath, options.apiUrl).toString();
  return async function forward(event: unknown): Promise<unknown> {
    const message = (typeof event === 'object' && event !== null ? event : {}) as AlexaMessage;
    const token = findToken(message);
    let answer: Response;
    try {
      answer = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token !== undefined && { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return errorResponse(message, 'INTERNAL_ERROR', `Homeport did not answer: ${reason}`);
    }
    const text = await answer.text();
    if (answer.ok) {
      try {
        return text === '' ? {} : (JSON.parse(text) as unknown);
      } catch {
        return errorResponse(message, 'INTERNAL_ERROR', 'Homeport answered something other than JSON');
      }
    }
    return errorResponse(message, errorTypeFor(answer.status), `Homeport answered HTTP ${answer.status}`);
  };
}
