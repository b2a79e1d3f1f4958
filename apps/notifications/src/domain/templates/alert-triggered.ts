import { Type } from 'typebox';
import { defineEmailTemplate, type RenderContext } from './email-template';
import { formatDateTime, formatNumber, type Locale } from './locales';

const Name = Type.String({ minLength: 1, maxLength: 200 });

const severityLabels: Readonly<Record<Locale, Record<RenderContext['severity'], string>>> = {
  en: { info: 'Info', warning: 'Warning', critical: 'Critical' },
  fr: { info: 'Info', warning: 'Avertissement', critical: 'Critique' },
};

function reading(value: number | string, unit: string | undefined, locale: Locale): string {
  const shown = typeof value === 'number' ? formatNumber(value, locale) : value;
  return unit === undefined ? shown : `${shown} ${unit}`;
}

/** An alert rule fired on a device (alerts service): which rule, which device, what it read, when. */
export const alertTriggeredTemplate = defineEmailTemplate({
  name: 'alert.triggered',
  data: Type.Object({
    ruleName: Name,
    deviceName: Name,
    homeName: Type.Optional(Name),
    metric: Type.String({ minLength: 1, maxLength: 100 }),
    value: Type.Union([Type.Number(), Type.String({ maxLength: 100 })]),
    unit: Type.Optional(Type.String({ maxLength: 20 })),
    threshold: Type.Optional(Type.Number()),
    triggeredAt: Type.Integer({ minimum: 0 }),
  }),
  short: {
    en: (data, context) => ({
      title: `${severityLabels.en[context.severity]}: ${data.ruleName}`,
      body: `${data.deviceName} reads ${reading(data.value, data.unit, 'en')}`,
    }),
    fr: (data, context) => ({
      title: `${severityLabels.fr[context.severity]} : ${data.ruleName}`,
      body: `${data.deviceName} indique ${reading(data.value, data.unit, 'fr')}`,
    }),
  },
  content: {
    en: (data, context) => {
      const value = reading(data.value, data.unit, 'en');
      const where = data.homeName === undefined ? '' : ` in ${data.homeName}`;
      return {
        subject: `[${severityLabels.en[context.severity]}] ${data.ruleName}: ${data.deviceName} reads ${value}`,
        paragraphs: [
          `Your alert "${data.ruleName}" fired: ${data.deviceName}${where} reported ${data.metric} ${value}` +
            (data.threshold === undefined
              ? '.'
              : ` (threshold ${reading(data.threshold, data.unit, 'en')}).`),
          `When: ${formatDateTime(data.triggeredAt, 'en', context.timeZone)}.`,
        ],
        action: { label: 'Open Homeport', url: context.webAppUrl },
        footer: 'You receive this email because you set up this alert in Homeport.',
      };
    },
    fr: (data, context) => {
      const value = reading(data.value, data.unit, 'fr');
      const where = data.homeName === undefined ? '' : ` (${data.homeName})`;
      return {
        subject: `[${severityLabels.fr[context.severity]}] ${data.ruleName} : ${data.deviceName} indique ${value}`,
        paragraphs: [
          `Votre alerte « ${data.ruleName} » s’est déclenchée : ${data.deviceName}${where} a relevé ${data.metric} ${value}` +
            (data.threshold === undefined ? '.' : ` (seuil ${reading(data.threshold, data.unit, 'fr')}).`),
          `Quand : ${formatDateTime(data.triggeredAt, 'fr', context.timeZone)}.`,
        ],
        action: { label: 'Ouvrir Homeport', url: context.webAppUrl },
        footer: 'Vous recevez cet e-mail car vous avez créé cette alerte dans Homeport.',
      };
    },
  },
});
