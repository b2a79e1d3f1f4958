import {
  AlexaDirective,
  AlexaSkillEvent,
  compileValidator,
  type AlexaEvent,
  type AssistantMapping,
} from '@homeport/contracts';
import { AppError, isAppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import { toAlexaEndpoint } from './alexa-discovery';
import { isControlDirective, invalidDirective, readControlDirective } from './alexa-directives';
import { acceptGrantFailed, toAlexaError, type AlexaErrorPayload } from './alexa-errors';
import type { AlexaLinks, LoginWithAmazon } from './alexa-links';
import { toAlexaProperties, toResponseProperties } from './alexa-properties';
import type { AssistantDevices } from './assistant-devices';
import type { TokenAuthenticator, UserCaller } from './callers';
import { hasScope } from './callers';
import type { Clock } from './clock';

/** The OAuth grant an access token of Homeport belongs to, expired or not (a skill event's token may be). */
export type FindTokenGrant = (
  token: string,
) => Promise<{ userId: string; clientId: string; grantId: string } | undefined>;

/** What the Alexa entry point needs. */
export interface AlexaServiceDeps {
  readonly devices: AssistantDevices;
  /** Homeport's OAuth access tokens (the token Alexa holds for the person is one). */
  readonly authenticator: TokenAuthenticator;
  readonly links: AlexaLinks;
  /** Absent when the skill's Login with Amazon credentials are not configured: AcceptGrant then fails. */
  readonly lwa: LoginWithAmazon | undefined;
  readonly findTokenGrant: FindTokenGrant;
  /** Ends every grant of the person to the OAuth client (as revoking the app in Homeport does). */
  readonly revokeClient: (caller: UserCaller, clientId: string) => Promise<void>;
  readonly clock: Clock;
}

const directiveValidator = compileValidator(AlexaDirective);
const skillEventValidator = compileValidator(AlexaSkillEvent);
type Directive = AlexaDirective['directive'];

const deviceNotFound = () =>
  new AppError('not_found', 'DEVICE_NOT_FOUND', 'no such device among those you may see');

const tokenIn = (value: unknown): string | undefined => {
  const token = (value as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' && token !== '' ? token : undefined;
};

function header(namespace: string, name: string, correlationToken: string | undefined) {
  return {
    namespace,
    name,
    payloadVersion: '3' as const,
    messageId: randomUUID(),
    ...(correlationToken !== undefined && { correlationToken }),
  };
}

/** The ErrorResponse of a directive (whatever could be read of it, for a malformed one). */
function errorResponse(error: AlexaErrorPayload, correlationToken?: string, endpointId?: string): AlexaEvent {
  return {
    event: {
      header: header(error.namespace, 'ErrorResponse', correlationToken),
      ...(endpointId !== undefined && { endpoint: { endpointId } }),
      payload: error.payload,
    },
  };
}

/** The correlation token and endpoint of a body that is not a valid directive, when it has them. */
function salvage(body: unknown): { correlationToken?: string; endpointId?: string } {
  const directive = (body as { directive?: { header?: unknown; endpoint?: unknown } } | null)?.directive;
  const correlationToken = (directive?.header as { correlationToken?: unknown } | undefined)
    ?.correlationToken;
  const endpointId = (directive?.endpoint as { endpointId?: unknown } | undefined)?.endpointId;
  return {
    ...(typeof correlationToken === 'string' && { correlationToken }),
    ...(typeof endpointId === 'string' && { endpointId }),
  };
}

/**
 * Alexa's Smart Home Skill API v3 onto the assistants' device port: Discover, ReportState, the controllers,
 * AcceptGrant, and the skill events. Every answer is an Alexa event (refusals are ErrorResponses); the caller
 * is the person whose OAuth access token the directive carries, with its grant's scopes.
 * https://developer.amazon.com/en-US/docs/alexa/smarthome/understand-the-smart-home-skill-api.html
 */
export function createAlexaService(deps: AlexaServiceDeps) {
  const { devices, links, clock } = deps;

  /** Only a person's OAuth grant (never a session or a personal token: Alexa holds it) with the scope. */
  async function authenticate(
    token: string | undefined,
    scope: 'devices:read' | 'devices:write',
    address: string,
  ) {
    if (token === undefined || !deps.authenticator.recognizes(token))
      throw new AppError(
        'unauthenticated',
        'ACCESS_TOKEN_INVALID',
        'the directive carries no Homeport OAuth token',
      );
    const caller = await deps.authenticator.authenticate(token, address);
    if (caller.kind !== 'user' || caller.credential.kind !== 'oauth')
      throw new AppError(
        'unauthenticated',
        'ALEXA_TOKEN_NOT_ALLOWED',
        "only a person's OAuth grant may be used",
      );
    if (!hasScope(caller, scope))
      throw new AppError('forbidden', 'TOKEN_SCOPE_INSUFFICIENT', `the grant lacks the scope ${scope}`);
    return caller as UserCaller & { credential: { kind: 'oauth'; grantId: string; clientId: string } };
  }

  async function discover(directive: Directive, address: string): Promise<AlexaEvent> {
    const caller = await authenticate(tokenIn(directive.payload.scope), 'devices:read', address);
    const listed = await devices.list(caller);
    return {
      event: {
        header: header('Alexa.Discovery', 'Discover.Response', undefined),
        payload: { endpoints: listed.map(toAlexaEndpoint) },
      },
    };
  }

  async function readState(caller: UserCaller, endpointId: string) {
    const state = (await devices.read(caller, [endpointId])).get(endpointId);
    if (state === undefined) throw deviceNotFound();
    return state;
  }

  async function reportState(directive: Directive, endpointId: string, address: string): Promise<AlexaEvent> {
    const caller = await authenticate(tokenIn(directive.endpoint?.scope), 'devices:read', address);
    const state = await readState(caller, endpointId);
    return {
      context: { properties: toAlexaProperties(state, clock.now()) },
      event: {
        header: header('Alexa', 'StateReport', directive.header.correlationToken),
        endpoint: { endpointId },
        payload: {},
      },
    };
  }

  async function control(
    directive: Directive,
    endpointId: string,
    address: string,
    found: { mapping?: AssistantMapping },
  ): Promise<AlexaEvent> {
    const caller = await authenticate(tokenIn(directive.endpoint?.scope), 'devices:write', address);
    const before = await readState(caller, endpointId);
    found.mapping = before.device.mapping;
    const { namespace, name } = directive.header;
    const change = readControlDirective(
      { namespace, name, payload: directive.payload },
      before.device.mapping,
      before.values,
    );
    const outcome = await devices.change(caller, endpointId, change);
    return {
      context: { properties: toResponseProperties(outcome.state, change, outcome.confirmed, clock.now()) },
      event: {
        header: header('Alexa', 'Response', directive.header.correlationToken),
        endpoint: { endpointId },
        payload: {},
      },
    };
  }

  /** https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-authorization.html */
  async function acceptGrant(directive: Directive, address: string): Promise<AlexaEvent> {
    try {
      const caller = await authenticate(tokenIn(directive.payload.grantee), 'devices:read', address);
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
      await links.save({ grantId: caller.credential.grantId, userId: caller.userId, tokens });
      return {
        event: { header: header('Alexa.Authorization', 'AcceptGrant.Response', undefined), payload: {} },
      };
    } catch (error) {
      if (!isAppError(error)) throw error;
      return errorResponse(acceptGrantFailed(error.message));
    }
  }

  /**
   * The skill disabled: the person's grants to the skill's client end (as revoking the app in Homeport does),
   * and their links with them. The token may have
   * expired since Alexa last refreshed it; a token that is not Homeport's changes nothing.
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

  return {
    /** One message from Alexa (through the skill's Lambda function), answered with the event Alexa expects. */
    async handle(body: unknown, address: string): Promise<AlexaEvent | Record<string, never>> {
      if (skillEventValidator.isValid(body)) return skillEvent(body, address);
      if (!directiveValidator.isValid(body)) {
        const { correlationToken, endpointId } = salvage(body);
        const reasons = directiveValidator.explain(body).slice(0, 3).join('; ');
        return errorResponse(
          toAlexaError(invalidDirective(`not a v3 directive: ${reasons}`)),
          correlationToken,
          endpointId,
        );
      }
      const { directive } = body;
      const { namespace, name, correlationToken } = directive.header;
      const endpointId = directive.endpoint?.endpointId;
      const found: { mapping?: AssistantMapping } = {};
      try {
        if (namespace === 'Alexa.Discovery' && name === 'Discover') return await discover(directive, address);
        if (namespace === 'Alexa.Authorization' && name === 'AcceptGrant')
          return await acceptGrant(directive, address);
        if (endpointId === undefined) throw invalidDirective(`${namespace}.${name} needs an endpoint`);
        if (namespace === 'Alexa' && name === 'ReportState')
          return await reportState(directive, endpointId, address);
        if (!isControlDirective(namespace, name))
          throw invalidDirective(`${namespace}.${name} is not supported`);
        return await control(directive, endpointId, address, found);
      } catch (error) {
        if (!isAppError(error)) throw error;
        return errorResponse(toAlexaError(error, found.mapping), correlationToken, endpointId);
      }
    },
  };
}

/** The Alexa entry point's use cases. */
export type AlexaService = ReturnType<typeof createAlexaService>;
