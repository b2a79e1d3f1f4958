import { Type } from 'typebox';
import { defineEmailTemplate, type RenderContext } from './email-template';
import { formatDateTime, type Locale } from './locales';

// Who comes and goes: public-api requests these from geofencing's events (apps/public-api README, "Presence
// notifications"), a member's arrival or departure for the home's other members (category presence), a
// user's own zone for that user (category geofence).

const Name = Type.String({ minLength: 1, maxLength: 200 });
const at = Type.Integer({ minimum: 0, description: 'Epoch ms of the fix that decided it.' });
const memberData = Type.Object({ homeName: Name, memberName: Name, at });
const zoneData = Type.Object({ zoneName: Name, at });

const openLabel: Readonly<Record<Locale, string>> = { en: 'Open Homeport', fr: 'Ouvrir Homeport' };
const homeFooters: Readonly<Record<Locale, string>> = {
  en: 'You receive this email because you are a member of this home in Homeport and chose to hear of arrivals and departures.',
  fr: 'Vous recevez cet e-mail car vous êtes membre de ce domicile dans Homeport et avez choisi d’être prévenu des arrivées et départs.',
};
const zoneFooters: Readonly<Record<Locale, string>> = {
  en: 'You receive this email because you asked to be told of this zone of yours in Homeport.',
  fr: 'Vous recevez cet e-mail car vous avez demandé à être prévenu pour cette zone dans Homeport.',
};
const when = (epochMs: number, locale: Locale, context: RenderContext) =>
  `${locale === 'en' ? 'When: ' : 'Quand : '}${formatDateTime(epochMs, locale, context.timeZone)}.`;

/** An email of one line and its time, with the console's link and the footer of its category. */
function emailOf(
  wording: { subject: string; line: string; at: number },
  footers: Readonly<Record<Locale, string>>,
  locale: Locale,
  context: RenderContext,
) {
  return {
    subject: wording.subject,
    paragraphs: [wording.line, when(wording.at, locale, context)],
    action: { label: openLabel[locale], url: context.webAppUrl },
    footer: footers[locale],
  };
}

/** A member of a home arrived (the other members are told). */
export const presenceMemberArrivedTemplate = defineEmailTemplate({
  name: 'presence.member-arrived',
  data: memberData,
  short: {
    en: (data) => ({ title: data.homeName, body: `${data.memberName} arrived home` }),
    fr: (data) => ({ title: data.homeName, body: `${data.memberName} est arrivé·e` }),
  },
  content: {
    en: (data, context) =>
      emailOf(
        {
          subject: `${data.memberName} arrived at ${data.homeName}`,
          line: `${data.memberName} has just arrived at ${data.homeName}.`,
          at: data.at,
        },
        homeFooters,
        'en',
        context,
      ),
    fr: (data, context) =>
      emailOf(
        {
          subject: `${data.memberName} est arrivé·e à ${data.homeName}`,
          line: `${data.memberName} vient d’arriver à ${data.homeName}.`,
          at: data.at,
        },
        homeFooters,
        'fr',
        context,
      ),
  },
});

/** A member of a home left it (confirmed outside its zone; the other members are told). */
export const presenceMemberLeftTemplate = defineEmailTemplate({
  name: 'presence.member-left',
  data: memberData,
  short: {
    en: (data) => ({ title: data.homeName, body: `${data.memberName} left` }),
    fr: (data) => ({ title: data.homeName, body: `${data.memberName} est parti·e` }),
  },
  content: {
    en: (data, context) =>
      emailOf(
        {
          subject: `${data.memberName} left ${data.homeName}`,
          line: `${data.memberName} has left ${data.homeName}.`,
          at: data.at,
        },
        homeFooters,
        'en',
        context,
      ),
    fr: (data, context) =>
      emailOf(
        {
          subject: `${data.memberName} a quitté ${data.homeName}`,
          line: `${data.memberName} vient de quitter ${data.homeName}.`,
          at: data.at,
        },
        homeFooters,
        'fr',
        context,
      ),
  },
});

/** The user entered a zone of their own (work, school) whose notify is set. */
export const geofenceZoneEnteredTemplate = defineEmailTemplate({
  name: 'geofence.zone-entered',
  data: zoneData,
  short: {
    en: (data) => ({ title: data.zoneName, body: `You arrived at ${data.zoneName}` }),
    fr: (data) => ({ title: data.zoneName, body: `Vous êtes arrivé·e : ${data.zoneName}` }),
  },
  content: {
    en: (data, context) =>
      emailOf(
        {
          subject: `You arrived at ${data.zoneName}`,
          line: `You have just entered your zone ${data.zoneName}.`,
          at: data.at,
        },
        zoneFooters,
        'en',
        context,
      ),
    fr: (data, context) =>
      emailOf(
        {
          subject: `Vous êtes arrivé·e : ${data.zoneName}`,
          line: `Vous venez d’entrer dans votre zone ${data.zoneName}.`,
          at: data.at,
        },
        zoneFooters,
        'fr',
        context,
      ),
  },
});

/** The user left a zone of their own whose notify is set. */
export const geofenceZoneLeftTemplate = defineEmailTemplate({
  name: 'geofence.zone-left',
  data: zoneData,
  short: {
    en: (data) => ({ title: data.zoneName, body: `You left ${data.zoneName}` }),
    fr: (data) => ({ title: data.zoneName, body: `Vous avez quitté ${data.zoneName}` }),
  },
  content: {
    en: (data, context) =>
      emailOf(
        {
          subject: `You left ${data.zoneName}`,
          line: `You have left your zone ${data.zoneName}.`,
          at: data.at,
        },
        zoneFooters,
        'en',
        context,
      ),
    fr: (data, context) =>
      emailOf(
        {
          subject: `Vous avez quitté ${data.zoneName}`,
          line: `Vous venez de sortir de votre zone ${data.zoneName}.`,
          at: data.at,
        },
        zoneFooters,
        'fr',
        context,
      ),
  },
});
