import type { AlexaEvent } from '@homeport/contracts';
import type { AlexaEventGateway } from '../domain/alexa-event-delivery';
import type { AssistantGatewayClient } from './assistant-gateway-client';

/** Codes that mean the person's link is gone for good: the skill disabled or never enabled, its permission withdrawn. */
const linkGoneCodes = new Set([
  'SKILL_NEVER_ENABLED_EXCEPTION',
  'SKILL_DISABLED_EXCEPTION',
  'INSUFFICIENT_PERMISSION_EXCEPTION',
  'ACCOUNT_NOT_FOUND_EXCEPTION',
]);

const codeOf = (body: unknown): string => {
  const code = (body as { payload?: { code?: unknown } } | undefined)?.payload?.code;
  return typeof code === 'string' ? code : 'no code';
};

/**
 * Alexa's event gateway (POST /v3/events with the person's Login with Amazon token), its answers sorted by
 * what Homeport does next. https://developer.amazon.com/en-US/docs/alexa/smarthome/send-events.html
 */
export function createAlexaEventGateway(gateway: AssistantGatewayClient, url: string): AlexaEventGateway {
  return {
    async send(accessToken: string, event: AlexaEvent) {
      const answer = await gateway.post(url, {
        headers: { authorization: `Bearer ${accessToken}` },
        json: event,
      });
      if (!answer.answered) return { kind: 'retry', reason: answer.reason };
      const { status, body } = answer;
      if (status === 202 || status === 200) return { kind: 'accepted' };
      const code = codeOf(body);
      if (status === 401) return { kind: 'token-refused', reason: code };
      if ((status === 403 || status === 404) && linkGoneCodes.has(code))
        return { kind: 'link-gone', reason: code };
      if (status === 429 || status >= 500) return { kind: 'retry', reason: `HTTP ${status} ${code}` };
      return { kind: 'rejected', reason: `HTTP ${status} ${code}` };
    },
  };
}
