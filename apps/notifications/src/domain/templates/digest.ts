import { Type } from 'typebox';
import { defineEmailTemplate } from './email-template';
import type { Locale } from './locales';

const subjects: Readonly<Record<Locale, Record<'quiet' | 'digest' | 'rate', (count: number) => string>>> = {
  en: {
    quiet: (count) => `${count} notification${count > 1 ? 's' : ''} while you were away`,
    digest: (count) => `Your Homeport digest: ${count} notification${count > 1 ? 's' : ''}`,
    rate: (count) => `And ${count} more notification${count > 1 ? 's' : ''}`,
  },
  fr: {
    quiet: (count) => `${count} notification${count > 1 ? 's' : ''} pendant votre absence`,
    digest: (count) => `Votre résumé Homeport : ${count} notification${count > 1 ? 's' : ''}`,
    rate: (count) => `Et ${count} notification${count > 1 ? 's' : ''} de plus`,
  },
};

/**
 * Held messages sent as one (quiet hours ended, the daily digest, the rest of an hour past the rate limit):
 * one line per message, as its subject or title read when it was accepted.
 */
export const digestTemplate = defineEmailTemplate({
  name: 'digest',
  data: Type.Object({
    reason: Type.Union([Type.Literal('quiet'), Type.Literal('digest'), Type.Literal('rate')]),
    items: Type.Array(Type.String({ maxLength: 1000 }), { minItems: 1, maxItems: 1000 }),
  }),
  content: {
    en: (data, context) => ({
      subject: subjects.en[data.reason](data.items.length),
      paragraphs: data.items.map((item) => `• ${item}`),
      action: { label: 'Open Homeport', url: context.webAppUrl },
      footer: 'Homeport held these back as your notification preferences ask.',
    }),
    fr: (data, context) => ({
      subject: subjects.fr[data.reason](data.items.length),
      paragraphs: data.items.map((item) => `• ${item}`),
      action: { label: 'Ouvrir Homeport', url: context.webAppUrl },
      footer: 'Homeport les a mises de côté comme le demandent vos préférences de notification.',
    }),
  },
  short: {
    en: (data) => ({
      title: subjects.en[data.reason](data.items.length),
      body: data.items.slice(0, 3).join(' · '),
    }),
    fr: (data) => ({
      title: subjects.fr[data.reason](data.items.length),
      body: data.items.slice(0, 3).join(' · '),
    }),
  },
});
