import type { AlexaEvent } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import type { AlexaErrorPayload } from './alexa-errors';
import { hasScope, type TokenAuthenticator, type UserCaller } from './callers';

/** A person acting through Alexa: their OAuth grant, whose id keys their link. */
export type AlexaCaller = UserCaller & { credential: { kind: 'oauth'; grantId: string; clientId: string } };

/** The token of a directive's scope (`{ type: 'BearerToken', token }`), when there is one. */
export const tokenIn = (value: unknown): string | undefined => {
  const token = (value as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' && token !== '' ? token : undefined;
};

/** An event's header, answering the directive of `correlationToken` when there is one. */
export function alexaHeader(namespace: string, name: string, correlationToken: string | undefined) {
  return {
    namespace,
    name,
    payloadVersion: '3' as const,
    messageId: randomUUID(),
    ...(correlationToken !== undefined && { correlationToken }),
  };
}

/** The ErrorResponse of a directive (whatever could be read of it, for a malformed one). */
export function errorResponse(
  error: AlexaErrorPayload,
  correlationToken?: string,
  endpointId?: string,
): AlexaEvent {
  return {
    event: {
      header: alexaHeader(error.namespace, 'ErrorResponse', correlationToken),
      ...(endpointId !== undefined && { endpoint: { endpointId } }),
      payload: error.payload,
    },
  };
}

/**
 * The person whose token a directive carries: only a person's OAuth grant (never a session or a personal token:
 * Alexa holds it), with `scope`. Refusals are the authenticator's AppErrors and ALEXA_TOKEN_NOT_ALLOWED.
 */
export async function authenticateAlexaToken(
  authenticator: TokenAuthenticator,
  token: string | undefined,
  scope: 'devices:read' | 'devices:write',
  address: string,
): Promise<AlexaCaller> {
  if (token === undefined || !authenticator.recognizes(token))
    throw new AppError(
      'unauthenticated',
      'ACCESS_TOKEN_INVALID',
      'the directive carries no Homeport OAuth token',
    );
  const caller = await authenticator.authenticate(token, address);
  if (caller.kind !== 'user' || caller.credential.kind !== 'oauth')
    throw new AppError(
      'unauthenticated',
      'ALEXA_TOKEN_NOT_ALLOWED',
      "only a person's OAuth grant may be used",
    );
  if (!hasScope(caller, scope))
    throw new AppError('forbidden', 'TOKEN_SCOPE_INSUFFICIENT', `the grant lacks the scope ${scope}`);
  return caller as AlexaCaller;
}
