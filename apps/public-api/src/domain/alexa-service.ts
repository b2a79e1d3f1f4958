import {
  AlexaDirective,
  AlexaSkillEvent,
  compileValidator,
  type AlexaEvent,
  type AssistantMapping,
} from '@homeport/contracts';
import { AppError, isAppError } from '@homeport/errors';
import { toAlexaEndpoint } from './alexa-discovery';
import { isControlDirective, invalidDirective, readControlDirective } from './alexa-directives';
import { toAlexaError } from './alexa-errors';
import { alexaHeader, authenticateAlexaToken, errorResponse, tokenIn } from './alexa-events';
import { createAlexaLinking, type AlexaLinkingDeps } from './alexa-linking';
import { toAlexaProperties, toResponseProperties } from './alexa-properties';
import type { AssistantDevices } from './assistant-devices';
import type { UserCaller } from './callers';
import type { Clock } from './clock';

/** What the Alexa entry point needs. */
export interface AlexaServiceDeps extends AlexaLinkingDeps {
  readonly devices: AssistantDevices;
  readonly clock: Clock;
}

const directiveValidator = compileValidator(AlexaDirective);
const skillEventValidator = compileValidator(AlexaSkillEvent);
type Directive = AlexaDirective['directive'];

const deviceNotFound = () =>
  new AppError('not_found', 'DEVICE_NOT_FOUND', 'no such device among those you may see');

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
  const { devices, clock } = deps;
  const { acceptGrant, skillEvent } = createAlexaLinking(deps);
  const authenticate = (
    token: string | undefined,
    scope: 'devices:read' | 'devices:write',
    address: string,
  ) => authenticateAlexaToken(deps.authenticator, token, scope, address);

  async function discover(directive: Directive, address: string): Promise<AlexaEvent> {
    const caller = await authenticate(tokenIn(directive.payload.scope), 'devices:read', address);
    const listed = await devices.list(caller);
    return {
      event: {
        header: alexaHeader('Alexa.Discovery', 'Discover.Response', undefined),
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
        header: alexaHeader('Alexa', 'StateReport', directive.header.correlationToken),
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
        header: alexaHeader('Alexa', 'Response', directive.header.correlationToken),
        endpoint: { endpointId },
        payload: {},
      },
    };
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
