import type { NotificationChannel, PreferenceCategory } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { EmailMessage, MobilePushMessage, SmsMessage, WebPushMessage } from './channels';
import { isValidEmailAddress } from './email-address';
import type { Recipient } from './ports';
import type { AddressBook } from './preference-ports';
import { renderEmail, renderShort, type EmailTemplate, type RenderContext } from './templates/email-template';
import { createUnsubscribeToken } from './unsubscribe-token';

/** One address a request goes to on one channel, with its message rendered. */
export interface Target {
  readonly channel: NotificationChannel;
  /** As the outbox keeps it: the email address, the subscription or device id, the phone number. */
  readonly address: string;
  /** Appended to the request's dedup key: one row per browser or device (each retried and removed alone). */
  readonly keySuffix: string;
  readonly message: EmailMessage | WebPushMessage | MobilePushMessage | SmsMessage;
}

/** What rendering for every channel needs. */
export interface RoutingContext {
  readonly template: EmailTemplate;
  readonly data: unknown;
  readonly render: RenderContext;
  readonly category: string;
  readonly unsubscribe: { readonly publicApiUrl: string; readonly secret: string };
}

const preferenceCategories: readonly string[] = ['alert', 'presence', 'geofence'];

/** Whether the category's channels are the user's choice (account and digest messages go by email). */
export function isPreferenceCategory(category: string): category is PreferenceCategory {
  return preferenceCategories.includes(category);
}

const dayS = 86_400;

function emailTarget(recipient: Recipient, context: RoutingContext): Target[] {
  if (recipient.email === undefined || !recipient.emailVerified) return [];
  if (!isValidEmailAddress(recipient.email)) {
    throw new AppError('invalid', 'ADDRESS_INVALID', 'the recipient address is not a valid email address', {
      details: { fields: [{ path: '/email', message: 'is not a valid email address' }] },
    });
  }
  let render = context.render;
  let headers: Record<string, string> | undefined;
  if (isPreferenceCategory(context.category)) {
    const token = createUnsubscribeToken(context.unsubscribe.secret, {
      userId: recipient.userId,
      category: context.category,
      channel: 'email',
    });
    const url = `${context.unsubscribe.publicApiUrl}/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
    render = { ...render, unsubscribeUrl: url };
    // RFC 8058 one-click: the mail client POSTs List-Unsubscribe=One-Click to the URL.
    headers = { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  }
  const email = renderEmail(context.template, context.data, render);
  const message: EmailMessage = { to: recipient.email, ...email, ...(headers !== undefined && { headers }) };
  return [{ channel: 'email', address: recipient.email, keySuffix: '', message }];
}

/**
 * The addresses the request reaches on the channels chosen for its category (and offered here), each with
 * its message: the verified email, every browser, every app installation, the confirmed phone.
 */
export async function findTargets(
  deps: { readonly addresses: AddressBook },
  recipient: Recipient,
  channels: readonly NotificationChannel[],
  context: RoutingContext,
): Promise<Target[]> {
  const short = () => renderShort(context.template, context.data, context.render);
  const push = () => ({
    ...short(),
    data: { link: context.render.webAppUrl },
    urgency: context.render.severity === 'critical' ? ('high' as const) : ('normal' as const),
    ttlSeconds: dayS,
  });
  const targets: Target[][] = await Promise.all(
    channels.map(async (channel): Promise<Target[]> => {
      const { userId } = recipient;
      switch (channel) {
        case 'email':
          return emailTarget(recipient, context);
        case 'web-push':
          return (await deps.addresses.listPushSubscriptions(userId)).map((browser) => ({
            channel,
            address: browser.id,
            keySuffix: `#${browser.id}`,
            message: { subscription: { endpoint: browser.endpoint, keys: browser.keys }, ...push() },
          }));
        case 'mobile-push':
          return (await deps.addresses.listMobileDevices(userId)).map((device) => ({
            channel,
            address: device.id,
            keySuffix: `#${device.id}`,
            message: { platform: device.platform, token: device.token, ...push() },
          }));
        case 'sms': {
          const phone = await deps.addresses.findPhone(userId);
          if (phone?.confirmed !== true) return [];
          const { title, body } = short();
          const message = { to: phone.phoneNumber, body: `Homeport: ${title}. ${body}` };
          return [{ channel, address: phone.phoneNumber, keySuffix: '', message }];
        }
      }
    }),
  );
  return targets.flat();
}
