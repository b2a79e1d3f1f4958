import { alertEscalatedTemplate, alertFlappingTemplate, alertResolvedTemplate } from './alert-lifecycle';
import { alertTriggeredTemplate } from './alert-triggered';
import type { EmailTemplate } from './email-template';
import {
  geofenceZoneEnteredTemplate,
  geofenceZoneLeftTemplate,
  presenceMemberArrivedTemplate,
  presenceMemberLeftTemplate,
} from './presence';
import { webhookDisabledTemplate } from './webhook-disabled';

/**
 * The templates a notification.requested may name. Account emails are not among them: only public-api's
 * own events (queue notifications.account-emails) send those, so no publisher can forge one.
 */
const notificationTemplates: ReadonlyMap<string, EmailTemplate> = new Map(
  [
    alertTriggeredTemplate as EmailTemplate,
    alertResolvedTemplate as EmailTemplate,
    alertEscalatedTemplate as EmailTemplate,
    alertFlappingTemplate as EmailTemplate,
    presenceMemberArrivedTemplate as EmailTemplate,
    presenceMemberLeftTemplate as EmailTemplate,
    geofenceZoneEnteredTemplate as EmailTemplate,
    geofenceZoneLeftTemplate as EmailTemplate,
    webhookDisabledTemplate as EmailTemplate,
  ].map((template) => [template.name, template]),
);

/** The template of that name a request may use, or undefined. */
export function findNotificationTemplate(name: string): EmailTemplate | undefined {
  return notificationTemplates.get(name);
}
