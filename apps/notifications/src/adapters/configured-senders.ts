import type { NotificationChannel } from '@homeport/contracts';
import type { ChannelSenders } from '../domain/dispatcher';
import { apnsCredentialKeys, createApnsSender, type ApnsSettings } from './apns-sender';
import { pickChannelSettings } from './channel-settings';
import { createFcmSender, fcmCredentialKeys, type FcmSettings } from './fcm-sender';
import { createMobilePushSender } from './mobile-push-sender';
import { createSmsSender, smsCredentialKeys, type SmsSettings } from './sms-sender';
import { createSmtpEmailSender, type SmtpSenderOptions } from './smtp-email-sender';
import { createWebPushSender, webPushCredentialKeys, type WebPushSettings } from './web-push-sender';

/** The senders of the channels this deployment has credentials for, and those channels. */
export interface ConfiguredSenders {
  readonly senders: ChannelSenders;
  /** The channels users may register addresses for and be routed to. */
  readonly offered: ReadonlySet<NotificationChannel>;
  close(): Promise<void>;
}

/**
 * Email always; Web Push, mobile push (FCM and/or APNs) and SMS when their credential keys are set (all of a
 * channel's or none: some is a ConfigError). A channel left out is not offered and gets no rows.
 */
export function createConfiguredSenders(
  settings: WebPushSettings & FcmSettings & ApnsSettings & SmsSettings,
  email: SmtpSenderOptions,
): ConfiguredSenders {
  const webPush = pickChannelSettings(settings, webPushCredentialKeys);
  const fcm = pickChannelSettings(settings, fcmCredentialKeys);
  const apns = pickChannelSettings(settings, apnsCredentialKeys);
  const sms = pickChannelSettings(settings, smsCredentialKeys);
  const mobile =
    fcm === undefined && apns === undefined
      ? undefined
      : createMobilePushSender({
          ...(fcm !== undefined && { fcm: createFcmSender({ settings: fcm }) }),
          ...(apns !== undefined && { apns: createApnsSender({ settings: apns }) }),
        });
  const senders: ChannelSenders = {
    email: createSmtpEmailSender(email),
    ...(webPush !== undefined && {
      'web-push': createWebPushSender({ settings: webPush }),
    }),
    ...(mobile !== undefined && { 'mobile-push': mobile }),
    ...(sms !== undefined && { sms: createSmsSender({ settings: sms }) }),
  };
  return {
    senders,
    offered: new Set(Object.keys(senders) as NotificationChannel[]),
    async close() {
      await Promise.all(Object.values(senders).map((sender) => sender.close()));
    },
  };
}
