import { Type } from 'typebox';
import { defineEmailTemplate } from './email-template';
import { formatDateTime } from './locales';

/**
 * notifications gave up on one of the user's webhook endpoints (sustained failure or 410 Gone): public-api,
 * which knows the endpoint's owner, asks for this notice (category `account`, so it goes by email).
 */
export const webhookDisabledTemplate = defineEmailTemplate({
  name: 'webhook.disabled',
  data: Type.Object({
    url: Type.String({ minLength: 1, maxLength: 1000 }),
    description: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    failingSince: Type.Integer({ minimum: 0 }),
    lastError: Type.String({ maxLength: 500 }),
  }),
  content: {
    en: (data, context) => ({
      subject: `Webhook disabled: ${data.description ?? data.url}`,
      paragraphs: [
        `Homeport stopped sending events to your webhook ${data.url}` +
          (data.description === null ? '.' : ` ("${data.description}").`),
        `Every delivery has failed since ${formatDateTime(data.failingSince, 'en', context.timeZone)}. ` +
          `The last error was: ${data.lastError}.`,
        'Deliveries that were waiting have been abandoned. Fix the receiver, then enable the webhook again.',
      ],
      action: { label: 'Open Homeport', url: context.webAppUrl },
      footer: 'You receive this email because you own this webhook in Homeport.',
    }),
    fr: (data, context) => ({
      subject: `Webhook désactivé : ${data.description ?? data.url}`,
      paragraphs: [
        `Homeport n’envoie plus d’événements à votre webhook ${data.url}` +
          (data.description === null ? '.' : ` (« ${data.description} »).`),
        `Toutes les livraisons échouent depuis le ${formatDateTime(data.failingSince, 'fr', context.timeZone)}. ` +
          `Dernière erreur : ${data.lastError}.`,
        'Les livraisons en attente ont été abandonnées. Réparez le récepteur, puis réactivez le webhook.',
      ],
      action: { label: 'Ouvrir Homeport', url: context.webAppUrl },
      footer: 'Vous recevez cet e-mail car ce webhook vous appartient dans Homeport.',
    }),
  },
});
