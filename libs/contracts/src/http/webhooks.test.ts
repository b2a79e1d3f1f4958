import type { TSchema } from 'typebox';
import { webhookDeliveryRequestedV1 } from '../amqp/webhooks';
import { compileValidator } from '../validation';
import {
  WebhookAlertData,
  WebhookAlertFlappingData,
  WebhookCommandFinishedData,
  WebhookEventBody,
  WebhookPresenceData,
  WebhookStateChangedData,
} from './webhooks';

describe("the webhook deliveries' bodies", () => {
  it.each([
    ['WebhookStateChangedData', WebhookStateChangedData],
    ['WebhookPresenceData', WebhookPresenceData],
    ['WebhookCommandFinishedData', WebhookCommandFinishedData],
    ['WebhookAlertData', WebhookAlertData],
    ['WebhookAlertFlappingData', WebhookAlertFlappingData],
  ] as const)(
    'the examples of %s validate against it',
    (_name, schema: TSchema & { examples?: unknown[] }) => {
      expect(schema.examples?.length).toBeGreaterThan(0);
      const validator = compileValidator(schema);
      for (const example of schema.examples ?? []) expect(validator.explain(example)).toEqual([]);
    },
  );

  it("the delivery request's example carries a body of the public form, and a body of another type is refused", () => {
    const validator = compileValidator(WebhookEventBody);
    expect(validator.explain(JSON.parse(webhookDeliveryRequestedV1.example.body))).toEqual([]);
    const presence = { type: 'device.presence', timestamp: '2025-11-21T10:05:00.000Z' };
    const exampleOf = (schema: TSchema & { examples?: unknown[] }) => schema.examples?.[0];
    expect(validator.explain({ ...presence, data: exampleOf(WebhookPresenceData) })).toEqual([]);
    expect(validator.explain({ ...presence, data: exampleOf(WebhookCommandFinishedData) })).not.toEqual([]);
  });
});
