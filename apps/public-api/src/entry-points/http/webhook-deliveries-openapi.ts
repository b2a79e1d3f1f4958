import {
  WebhookAlertData,
  WebhookAlertFlappingData,
  WebhookCommandFinishedData,
  WebhookPresenceData,
  WebhookStateChangedData,
  type WebhookEventType,
} from '@homeport/contracts';
import { Type, type TSchema } from 'typebox';

const signatureHeaders = [
  ['webhook-id', "The delivery's id (`msg_...`): the same on every attempt; drop one already seen."],
  ['webhook-timestamp', 'Epoch seconds of this attempt; refuse one too far from now.'],
  [
    'webhook-signature',
    '`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` keyed by the endpoint secret (whsec_...), several space-separated during a rotation.',
  ],
].map(([name, description]) => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: { type: 'string' },
}));

function delivery(type: WebhookEventType, summary: string, data: TSchema) {
  const body = Type.Object({
    type: Type.Literal(type),
    timestamp: Type.String({ format: 'date-time', description: 'When the event happened.' }),
    data,
  });
  return {
    post: {
      summary,
      description:
        'POSTed to the endpoint URLs subscribed to this type, signed as in Standard Webhooks ' +
        '(https://www.standardwebhooks.com): verify with a Standard Webhooks library and the endpoint secret. ' +
        'Retried with backoff until a 2xx; an endpoint failing for long is disabled (its owner is told).',
      parameters: signatureHeaders,
      requestBody: { required: true, content: { 'application/json': { schema: body } } },
      responses: { '2XX': { description: 'Received (any 2xx ends the retries).' } },
    },
  };
}

/** The OpenAPI 3.1 `webhooks` of public-api: the bodies an endpoint receives, one per event type. */
export const webhookDeliveriesOpenApi: Readonly<Record<string, unknown>> = {
  'device.state-changed': delivery(
    'device.state-changed',
    "A device's stored state changed",
    WebhookStateChangedData,
  ),
  'device.presence': delivery('device.presence', 'A device connected or disconnected', WebhookPresenceData),
  'device.command-finished': delivery(
    'device.command-finished',
    'A command reached an end',
    WebhookCommandFinishedData,
  ),
  'alert.fired': delivery('alert.fired', "An alert rule's condition held for its duration", WebhookAlertData),
  'alert.resolved': delivery('alert.resolved', 'A firing alert cleared', WebhookAlertData),
  'alert.acknowledged': delivery('alert.acknowledged', 'Someone acknowledged an alert', WebhookAlertData),
  'alert.escalated': delivery(
    'alert.escalated',
    'A critical alert was not acknowledged in time: the next recipients are told',
    WebhookAlertData,
  ),
  'alert.flapping-changed': delivery(
    'alert.flapping-changed',
    'A rule started or stopped flapping on a device',
    WebhookAlertFlappingData,
  ),
};
