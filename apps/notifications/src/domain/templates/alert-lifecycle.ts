import { Type } from 'typebox';
import { defineEmailTemplate, type RenderContext } from './email-template';
import { formatDateTime, formatWhen, openHomeportLabels, type Locale } from './locales';

// What follows an alert's firing (alert.triggered): it resolved, it was escalated to more people, its rule
// flaps on the device. public-api requests them from the alerts service's events (apps/public-api README).

const Name = Type.String({ minLength: 1, maxLength: 200 });
const about = {
  ruleName: Name,
  deviceName: Name,
  homeName: Type.Optional(Name),
  /** The rule's message, filled in by the alerts service (`Cellar: temperature is 4 °C`). */
  message: Type.String({ minLength: 1, maxLength: 1000 }),
};

const severityLabels: Readonly<Record<Locale, Record<RenderContext['severity'], string>>> = {
  en: { info: 'Info', warning: 'Warning', critical: 'Critical' },
  fr: { info: 'Info', warning: 'Avertissement', critical: 'Critique' },
};
const inHome = (homeName: string | undefined, locale: Locale) =>
  homeName === undefined ? '' : locale === 'en' ? ` in ${homeName}` : ` (${homeName})`;
const footers: Readonly<Record<Locale, string>> = {
  en: 'You receive this email because you are a member of this home in Homeport.',
  fr: 'Vous recevez cet e-mail car vous êtes membre de ce domicile dans Homeport.',
};

/** A firing alert cleared (or its device came back). */
export const alertResolvedTemplate = defineEmailTemplate({
  name: 'alert.resolved',
  data: Type.Object({ ...about, resolvedAt: Type.Integer({ minimum: 0 }) }),
  short: {
    en: (data) => ({ title: `Resolved: ${data.ruleName}`, body: `${data.deviceName} is back to normal` }),
    fr: (data) => ({
      title: `Terminée : ${data.ruleName}`,
      body: `${data.deviceName} est revenu à la normale`,
    }),
  },
  content: {
    en: (data, context) => ({
      subject: `[Resolved] ${data.ruleName}: ${data.deviceName}`,
      paragraphs: [
        `The alert "${data.ruleName}" on ${data.deviceName}${inHome(data.homeName, 'en')} is over.`,
        `It had fired with: ${data.message}`,
        formatWhen(data.resolvedAt, 'en', context.timeZone),
      ],
      action: { label: openHomeportLabels.en, url: context.webAppUrl },
      footer: footers.en,
    }),
    fr: (data, context) => ({
      subject: `[Terminée] ${data.ruleName} : ${data.deviceName}`,
      paragraphs: [
        `L’alerte « ${data.ruleName} » sur ${data.deviceName}${inHome(data.homeName, 'fr')} est terminée.`,
        `Elle s’était déclenchée avec : ${data.message}`,
        formatWhen(data.resolvedAt, 'fr', context.timeZone),
      ],
      action: { label: openHomeportLabels.fr, url: context.webAppUrl },
      footer: footers.fr,
    }),
  },
});

/** A critical alert nobody acknowledged in time: the next recipients are told (level 1, 2, ...). */
export const alertEscalatedTemplate = defineEmailTemplate({
  name: 'alert.escalated',
  data: Type.Object({
    ...about,
    level: Type.Integer({ minimum: 1, maximum: 10 }),
    firedAt: Type.Integer({ minimum: 0 }),
  }),
  short: {
    en: (data, context) => ({
      title: `${severityLabels.en[context.severity]}, not acknowledged: ${data.ruleName}`,
      body: data.message,
    }),
    fr: (data, context) => ({
      title: `${severityLabels.fr[context.severity]}, sans réponse : ${data.ruleName}`,
      body: data.message,
    }),
  },
  content: {
    en: (data, context) => ({
      subject: `[${severityLabels.en[context.severity]}] Not acknowledged: ${data.ruleName} on ${data.deviceName}`,
      paragraphs: [
        `The alert "${data.ruleName}" on ${data.deviceName}${inHome(data.homeName, 'en')} fired and nobody ` +
          `has acknowledged it yet, so it is passed on to you (escalation level ${data.level}).`,
        data.message,
        `Fired: ${formatDateTime(data.firedAt, 'en', context.timeZone)}. Acknowledge it in Homeport.`,
      ],
      action: { label: openHomeportLabels.en, url: context.webAppUrl },
      footer: footers.en,
    }),
    fr: (data, context) => ({
      subject: `[${severityLabels.fr[context.severity]}] Sans réponse : ${data.ruleName} sur ${data.deviceName}`,
      paragraphs: [
        `L’alerte « ${data.ruleName} » sur ${data.deviceName}${inHome(data.homeName, 'fr')} s’est ` +
          `déclenchée et personne n’en a encore pris connaissance : elle vous est transmise (niveau ${data.level}).`,
        data.message,
        `Déclenchée : ${formatDateTime(data.firedAt, 'fr', context.timeZone)}. Confirmez-la dans Homeport.`,
      ],
      action: { label: openHomeportLabels.fr, url: context.webAppUrl },
      footer: footers.fr,
    }),
  },
});

/** A rule fires and clears over and over on a device: told once, then quiet until it settles. */
export const alertFlappingTemplate = defineEmailTemplate({
  name: 'alert.flapping',
  data: Type.Object({
    ruleName: Name,
    deviceName: Name,
    homeName: Type.Optional(Name),
    transitions: Type.Integer({ minimum: 0 }),
    windowMinutes: Type.Integer({ minimum: 1 }),
    changedAt: Type.Integer({ minimum: 0 }),
  }),
  short: {
    en: (data) => ({
      title: `Flapping: ${data.ruleName}`,
      body: `${data.deviceName}: ${data.transitions} changes in ${data.windowMinutes} min; quiet until it settles`,
    }),
    fr: (data) => ({
      title: `Instable : ${data.ruleName}`,
      body: `${data.deviceName} : ${data.transitions} changements en ${data.windowMinutes} min ; en silence jusqu’au retour au calme`,
    }),
  },
  content: {
    en: (data, context) => ({
      subject: `[Flapping] ${data.ruleName}: ${data.deviceName}`,
      paragraphs: [
        `The alert "${data.ruleName}" on ${data.deviceName}${inHome(data.homeName, 'en')} fired and cleared ` +
          `${data.transitions} times in ${data.windowMinutes} minutes.`,
        'You will not be told of each of them: its alerts are still kept in the history, and it is ' +
          'notified again once it has settled.',
        formatWhen(data.changedAt, 'en', context.timeZone),
      ],
      action: { label: openHomeportLabels.en, url: context.webAppUrl },
      footer: footers.en,
    }),
    fr: (data, context) => ({
      subject: `[Instable] ${data.ruleName} : ${data.deviceName}`,
      paragraphs: [
        `L’alerte « ${data.ruleName} » sur ${data.deviceName}${inHome(data.homeName, 'fr')} s’est ` +
          `déclenchée et terminée ${data.transitions} fois en ${data.windowMinutes} minutes.`,
        'Vous ne serez pas prévenu de chacune : elles restent dans l’historique, et les notifications ' +
          'reprennent une fois le calme revenu.',
        formatWhen(data.changedAt, 'fr', context.timeZone),
      ],
      action: { label: openHomeportLabels.fr, url: context.webAppUrl },
      footer: footers.fr,
    }),
  },
});
